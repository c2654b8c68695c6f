package crate.linux.netlink;

import crate.linux.ip.Ipv4Cidr;

/** An IPv4 address on a link, with its prefix length, as an address dump reports it. */
public record Address(int linkIndex, Ipv4Cidr address) {}
