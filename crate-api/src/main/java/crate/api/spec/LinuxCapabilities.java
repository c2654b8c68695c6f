package crate.api.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The runtime-spec {@code process.capabilities}: capability names ({@code CAP_CHOWN}) per set.
 * A set that is absent is empty.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LinuxCapabilities(
        List<String> bounding,
        List<String> effective,
        List<String> inheritable,
        List<String> permitted,
        List<String> ambient) {

    public LinuxCapabilities {
        bounding = bounding == null ? List.of() : List.copyOf(bounding);
        effective = effective == null ? List.of() : List.copyOf(effective);
        inheritable = inheritable == null ? List.of() : List.copyOf(inheritable);
        permitted = permitted == null ? List.of() : List.copyOf(permitted);
        ambient = ambient == null ? List.of() : List.copyOf(ambient);
    }
}
