package crate.linux.netlink;

import crate.linux.ip.Ipv4Address;
import crate.linux.ip.Ipv4Cidr;
import crate.linux.Errno;
import crate.linux.ErrnoException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A typed rtnetlink client: links, IPv4 addresses and routes of one network namespace, the
 * one of the thread that called {@link #open()} (see {@link NetNs#inside}). Every change is
 * sent with NLM_F_ACK and waits for the kernel's answer; a refusal is an {@link ErrnoException}
 * naming the operation and the link ("netlink: create bridge crate0: File exists (EEXIST)").
 * Links are named by name; the kernel resolves the name at the time of each request.
 * Not thread-safe: one request at a time.
 */
public final class RtNetlink implements AutoCloseable {
    private static final int CHANGE = Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK;
    private static final int CREATE = CHANGE | Rtnl.NLM_F_CREATE | Rtnl.NLM_F_EXCL;
    private static final int DUMP = Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_DUMP;
    /** A dump the kernel marks as interrupted (the table changed under it) is asked again, this often. */
    private static final int DUMP_ATTEMPTS = 5;

    private final NetlinkSocket socket;

    private RtNetlink(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** A client of the calling thread's network namespace. */
    public static RtNetlink open() throws ErrnoException {
        return new RtNetlink(NetlinkSocket.open());
    }

    @Override
    public void close() {
        socket.close();
    }

    // links

    /** The link's index, or empty if no link has that name. */
    public OptionalInt linkIndex(String name) throws ErrnoException {
        return link(name).map(link -> OptionalInt.of(link.index())).orElseGet(OptionalInt::empty);
    }

    /** The link named {@code name}, or empty. */
    public Optional<Link> link(String name) throws ErrnoException {
        MessageBuilder request = new MessageBuilder(Rtnl.RTM_GETLINK, Rtnl.NLM_F_REQUEST)
                .ifinfomsg(0, 0, 0)
                .attrString(Rtnl.IFLA_IFNAME, name);
        try {
            return socket.exchange(request, "look up link " + name).stream().findFirst().map(RtNetlink::toLink);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENODEV) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Every link of the namespace. */
    public List<Link> links() throws ErrnoException {
        MessageBuilder request = new MessageBuilder(Rtnl.RTM_GETLINK, DUMP).ifinfomsg(0, 0, 0);
        return dump(request, "dump links").stream().map(RtNetlink::toLink).toList();
    }

    /** Creates a bridge; {@code mtu} 0 leaves the kernel's default. EEXIST if the name is taken. */
    public void createBridge(String name, int mtu) throws ErrnoException {
        MessageBuilder request = new MessageBuilder(Rtnl.RTM_NEWLINK, CREATE).ifinfomsg(0, 0, 0)
                .attrString(Rtnl.IFLA_IFNAME, name);
        if (mtu > 0) {
            request.attrU32(Rtnl.IFLA_MTU, mtu);
        }
        request.beginNested(Rtnl.IFLA_LINKINFO).attrString(Rtnl.IFLA_INFO_KIND, "bridge").endNested();
        socket.exchange(request, "create bridge " + name);
    }

    /** Creates a veth pair with both ends in this namespace; {@code mtu} 0 leaves the default. */
    public void createVethPair(String name, String peerName, int mtu) throws ErrnoException {
        createVeth(name, peerName, mtu, OptionalInt.empty());
    }

    /**
     * Creates a veth pair: {@code name} here, {@code peerName} directly in the network
     * namespace open as {@code peerNetnsFd} (so a container's end never appears in the host's
     * namespace, and cannot clash with a host link's name). {@code mtu} 0 leaves the default.
     */
    public void createVethPair(String name, String peerName, int mtu, int peerNetnsFd) throws ErrnoException {
        createVeth(name, peerName, mtu, OptionalInt.of(peerNetnsFd));
    }

    private void createVeth(String name, String peerName, int mtu, OptionalInt peerNetnsFd) throws ErrnoException {
        MessageBuilder request = new MessageBuilder(Rtnl.RTM_NEWLINK, CREATE).ifinfomsg(0, 0, 0)
                .attrString(Rtnl.IFLA_IFNAME, name);
        if (mtu > 0) {
            request.attrU32(Rtnl.IFLA_MTU, mtu);
        }
        request.beginNested(Rtnl.IFLA_LINKINFO)
                .attrString(Rtnl.IFLA_INFO_KIND, "veth")
                .beginNested(Rtnl.IFLA_INFO_DATA)
                .beginNested(Rtnl.VETH_INFO_PEER)
                .ifinfomsg(0, 0, 0) // the peer's own ifinfomsg, then its attributes
                .attrString(Rtnl.IFLA_IFNAME, peerName);
        if (mtu > 0) {
            request.attrU32(Rtnl.IFLA_MTU, mtu);
        }
        peerNetnsFd.ifPresent(fd -> request.attrU32(Rtnl.IFLA_NET_NS_FD, fd));
        request.endNested().endNested().endNested();
        socket.exchange(request, "create veth " + name + " peer " + peerName);
    }

    /** Makes {@code link} a port of {@code bridge}. */
    public void setMaster(String link, String bridge) throws ErrnoException {
        String operation = "set link " + link + " master " + bridge;
        int bridgeIndex = requireIndex(bridge, operation);
        socket.exchange(linkChange(link).attrU32(Rtnl.IFLA_MASTER, bridgeIndex), operation);
    }

    public void setUp(String link) throws ErrnoException {
        socket.exchange(new MessageBuilder(Rtnl.RTM_NEWLINK, CHANGE)
                .ifinfomsg(0, Rtnl.IFF_UP, Rtnl.IFF_UP)
                .attrString(Rtnl.IFLA_IFNAME, link), "set link " + link + " up");
    }

    public void setDown(String link) throws ErrnoException {
        socket.exchange(new MessageBuilder(Rtnl.RTM_NEWLINK, CHANGE)
                .ifinfomsg(0, 0, Rtnl.IFF_UP)
                .attrString(Rtnl.IFLA_IFNAME, link), "set link " + link + " down");
    }

    public void setMtu(String link, int mtu) throws ErrnoException {
        socket.exchange(linkChange(link).attrU32(Rtnl.IFLA_MTU, mtu), "set link " + link + " mtu " + mtu);
    }

    /** Renames a link; kernels before 6.2 refuse (EBUSY) while it is up, so rename it while down. */
    public void rename(String link, String newName) throws ErrnoException {
        String operation = "rename link " + link + " to " + newName;
        int index = requireIndex(link, operation);
        socket.exchange(new MessageBuilder(Rtnl.RTM_NEWLINK, CHANGE)
                .ifinfomsg(index, 0, 0)
                .attrString(Rtnl.IFLA_IFNAME, newName), operation);
    }

    /** Moves a link into the network namespace open as {@code netnsFd} (it arrives down). */
    public void moveToNetns(String link, int netnsFd) throws ErrnoException {
        socket.exchange(linkChange(link).attrU32(Rtnl.IFLA_NET_NS_FD, netnsFd),
                "move link " + link + " to network namespace fd " + netnsFd);
    }

    /** Deletes a link (for a veth, both ends); ENODEV if there is none of that name. */
    public void deleteLink(String name) throws ErrnoException {
        socket.exchange(new MessageBuilder(Rtnl.RTM_DELLINK, CHANGE)
                .ifinfomsg(0, 0, 0)
                .attrString(Rtnl.IFLA_IFNAME, name), "delete link " + name);
    }

    /** Deletes a link if there is one of that name; false if there was none. */
    public boolean deleteLinkIfPresent(String name) throws ErrnoException {
        try {
            deleteLink(name);
            return true;
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENODEV) {
                return false;
            }
            throw e;
        }
    }

    // addresses

    /** Adds an IPv4 address with its prefix (and the network's broadcast address below /31). */
    public void addAddress(String link, Ipv4Cidr address) throws ErrnoException {
        String operation = "add address " + address + " to " + link;
        int index = requireIndex(link, operation);
        MessageBuilder request = new MessageBuilder(Rtnl.RTM_NEWADDR, CREATE)
                .u8(Rtnl.AF_INET).u8(address.prefixLength()).u8(0).u8(Rtnl.RT_SCOPE_UNIVERSE).u32(index)
                .attr(Rtnl.IFA_LOCAL, address.address().octets())
                .attr(Rtnl.IFA_ADDRESS, address.address().octets());
        if (address.prefixLength() < 31) {
            request.attr(Rtnl.IFA_BROADCAST, address.broadcast().octets());
        }
        socket.exchange(request, operation);
    }

    /** Every IPv4 address of the namespace. */
    public List<Address> addresses() throws ErrnoException {
        MessageBuilder request = new MessageBuilder(Rtnl.RTM_GETADDR, DUMP)
                .u8(Rtnl.AF_INET).u8(0).u8(0).u8(0).u32(0);
        List<Address> addresses = new ArrayList<>();
        for (NetlinkMessage message : dump(request, "dump addresses")) {
            var payload = message.payload();
            if (message.type() != Rtnl.RTM_NEWADDR || payload.get(0) != Rtnl.AF_INET) {
                continue;
            }
            Attributes attributes = message.attributes(Rtnl.IFADDRMSG_LEN);
            Optional<Ipv4Address> local = attributes.ipv4(Rtnl.IFA_LOCAL).or(() -> attributes.ipv4(Rtnl.IFA_ADDRESS));
            int prefixLength = Byte.toUnsignedInt(payload.get(1));
            local.ifPresent(a -> addresses.add(new Address(payload.getInt(4), new Ipv4Cidr(a, prefixLength))));
        }
        return List.copyOf(addresses);
    }

    /** The IPv4 addresses of one link (ENODEV if there is no such link). */
    public List<Address> addresses(String link) throws ErrnoException {
        int index = requireIndex(link, "list addresses of " + link);
        return addresses().stream().filter(a -> a.linkIndex() == index).toList();
    }

    // routes

    /** Adds a default route in the main table via {@code gateway} out of {@code link}. */
    public void addDefaultRoute(Ipv4Address gateway, String link) throws ErrnoException {
        String operation = "add default route via " + gateway + " dev " + link;
        int index = requireIndex(link, operation);
        MessageBuilder request = new MessageBuilder(Rtnl.RTM_NEWROUTE, CREATE)
                .u8(Rtnl.AF_INET).u8(0).u8(0).u8(0) // family, dst_len 0 (default), src_len, tos
                .u8(Rtnl.RT_TABLE_MAIN).u8(Rtnl.RTPROT_BOOT).u8(Rtnl.RT_SCOPE_UNIVERSE).u8(Rtnl.RTN_UNICAST)
                .u32(0)
                .attrU32(Rtnl.RTA_TABLE, Rtnl.RT_TABLE_MAIN)
                .attr(Rtnl.RTA_GATEWAY, gateway.octets())
                .attrU32(Rtnl.RTA_OIF, index);
        socket.exchange(request, operation);
    }

    /** Every IPv4 route of the namespace, in all tables. */
    public List<Route> routes() throws ErrnoException {
        MessageBuilder request = new MessageBuilder(Rtnl.RTM_GETROUTE, DUMP)
                .u8(Rtnl.AF_INET).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u32(0);
        List<Route> routes = new ArrayList<>();
        for (NetlinkMessage message : dump(request, "dump routes")) {
            var payload = message.payload();
            if (message.type() != Rtnl.RTM_NEWROUTE || payload.get(0) != Rtnl.AF_INET) {
                continue;
            }
            Attributes attributes = message.attributes(Rtnl.RTMSG_LEN);
            int table = attributes.u32(Rtnl.RTA_TABLE).orElse(Byte.toUnsignedInt(payload.get(4)));
            Ipv4Address destination = attributes.ipv4(Rtnl.RTA_DST).orElse(new Ipv4Address(0));
            routes.add(new Route(table, new Ipv4Cidr(destination, Byte.toUnsignedInt(payload.get(1))),
                    attributes.ipv4(Rtnl.RTA_GATEWAY), attributes.u32(Rtnl.RTA_OIF)));
        }
        return List.copyOf(routes);
    }

    // helpers

    /** An RTM_NEWLINK changing the existing link named {@code link} (no NLM_F_CREATE: never makes one). */
    private static MessageBuilder linkChange(String link) {
        return new MessageBuilder(Rtnl.RTM_NEWLINK, CHANGE).ifinfomsg(0, 0, 0).attrString(Rtnl.IFLA_IFNAME, link);
    }

    private int requireIndex(String link, String operation) throws ErrnoException {
        OptionalInt index = linkIndex(link);
        if (index.isEmpty()) {
            throw new ErrnoException("netlink: " + operation + " (no link " + link + ")", Errno.ENODEV);
        }
        return index.getAsInt();
    }

    private List<NetlinkMessage> dump(MessageBuilder request, String operation) throws ErrnoException {
        for (int attempt = 1; ; attempt++) {
            try {
                return socket.exchange(request, operation);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EINTR || attempt == DUMP_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    static Link toLink(NetlinkMessage message) {
        var payload = message.payload();
        Attributes attributes = message.attributes(Rtnl.IFINFOMSG_LEN);
        return new Link(
                attributes.string(Rtnl.IFLA_IFNAME).orElse(""),
                payload.getInt(4),
                attributes.nested(Rtnl.IFLA_LINKINFO).string(Rtnl.IFLA_INFO_KIND),
                (payload.getInt(8) & Rtnl.IFF_UP) != 0,
                attributes.u32(Rtnl.IFLA_MASTER),
                attributes.u32(Rtnl.IFLA_MTU).orElse(0));
    }
}
