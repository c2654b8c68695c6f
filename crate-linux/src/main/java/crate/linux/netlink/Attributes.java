package crate.linux.netlink;

import crate.linux.ip.Ipv4Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** The rtattr attributes of a message (or of a nested attribute), by type; the last of a type wins. */
final class Attributes {
    private final Map<Integer, ByteBuffer> values;

    private Attributes(Map<Integer, ByteBuffer> values) {
        this.values = values;
    }

    static Attributes parse(ByteBuffer region) {
        ByteBuffer buffer = region.slice().order(ByteOrder.nativeOrder());
        Map<Integer, ByteBuffer> values = new HashMap<>();
        int offset = 0;
        while (buffer.limit() - offset >= 4) {
            int length = Short.toUnsignedInt(buffer.getShort(offset));
            int type = Short.toUnsignedInt(buffer.getShort(offset + 2)) & Rtnl.NLA_TYPE_MASK;
            if (length < 4 || length > buffer.limit() - offset) {
                throw new IllegalStateException("netlink: malformed reply: an attribute of " + length
                        + " bytes at offset " + offset + " of " + buffer.limit());
            }
            values.put(type, buffer.slice(offset + 4, length - 4).order(ByteOrder.nativeOrder()));
            offset += MessageBuilder.align(length);
        }
        return new Attributes(values);
    }

    boolean has(int type) {
        return values.containsKey(type);
    }

    OptionalInt u32(int type) {
        ByteBuffer value = values.get(type);
        return value == null || value.limit() < 4 ? OptionalInt.empty() : OptionalInt.of(value.getInt(0));
    }

    /** A string attribute without its terminating NUL. */
    Optional<String> string(int type) {
        ByteBuffer value = values.get(type);
        if (value == null) {
            return Optional.empty();
        }
        int end = 0;
        while (end < value.limit() && value.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end];
        value.get(0, bytes);
        return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }

    Optional<byte[]> bytes(int type) {
        ByteBuffer value = values.get(type);
        if (value == null) {
            return Optional.empty();
        }
        byte[] bytes = new byte[value.limit()];
        value.get(0, bytes);
        return Optional.of(bytes);
    }

    Optional<Ipv4Address> ipv4(int type) {
        return bytes(type).filter(b -> b.length == 4).map(Ipv4Address::fromBytes);
    }

    /** The attributes inside a nested attribute (empty if absent). */
    Attributes nested(int type) {
        ByteBuffer value = values.get(type);
        return value == null ? new Attributes(Map.of()) : parse(value);
    }
}
