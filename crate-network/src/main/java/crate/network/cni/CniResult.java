package crate.network.cni;

import com.fasterxml.jackson.databind.JsonNode;
import crate.api.CrateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A plugin's ADD result (CNI spec, "Success"): the interfaces, addresses, routes and DNS it set
 * up. The JSON itself is kept: it goes unchanged to the next plugin and into the cache as
 * {@code prevResult}.
 *
 * @param json the result as the plugin printed it
 * @param ips the {@code ips} entries
 * @param routes the {@code routes} entries
 * @param nameservers {@code dns.nameservers}
 */
record CniResult(JsonNode json, List<IpConfig> ips, List<Route> routes, List<String> nameservers) {

    /** One {@code ips} entry: an address in CIDR notation and its gateway, if any. */
    record IpConfig(String address, Optional<String> gateway) {
        boolean isIpv4() {
            return !address.contains(":");
        }
    }

    /** One {@code routes} entry: a destination in CIDR notation and its gateway, if any. */
    record Route(String dst, Optional<String> gw) {}

    CniResult {
        ips = List.copyOf(ips);
        routes = List.copyOf(routes);
        nameservers = List.copyOf(nameservers);
    }

    /** Reads {@code json}, the stdout of {@code plugin}. */
    static CniResult parse(JsonNode json, String plugin) throws CrateException {
        if (json == null || !json.isObject()) {
            throw new CrateException("CNI plugin " + plugin + " printed no result object for ADD");
        }
        List<IpConfig> ips = new ArrayList<>();
        for (JsonNode ip : json.path("ips")) {
            String address = CniJson.text(ip, "address");
            if (address == null || !address.contains("/")) {
                throw new CrateException("CNI plugin " + plugin + "'s result has an address that is not in CIDR notation: " + ip);
            }
            ips.add(new IpConfig(address, Optional.ofNullable(CniJson.text(ip, "gateway"))));
        }
        List<Route> routes = new ArrayList<>();
        for (JsonNode route : json.path("routes")) {
            String dst = CniJson.text(route, "dst");
            if (dst != null) {
                routes.add(new Route(dst, Optional.ofNullable(CniJson.text(route, "gw"))));
            }
        }
        List<String> nameservers = new ArrayList<>();
        for (JsonNode server : json.path("dns").path("nameservers")) {
            if (server.isTextual()) {
                nameservers.add(server.asText());
            }
        }
        return new CniResult(json, ips, routes, nameservers);
    }

    /** The first IPv4 address, in CIDR notation. */
    Optional<IpConfig> firstIpv4() {
        return ips.stream().filter(IpConfig::isIpv4).findFirst();
    }

    /** The gateway of the first IPv4 address, else the gateway of an IPv4 default route. */
    Optional<String> ipv4Gateway() {
        Optional<String> gateway = firstIpv4().flatMap(IpConfig::gateway);
        if (gateway.isPresent()) {
            return gateway;
        }
        return routes.stream().filter(r -> r.dst().equals("0.0.0.0/0")).map(Route::gw).flatMap(Optional::stream).findFirst();
    }
}
