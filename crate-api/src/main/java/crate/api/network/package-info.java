/** What network drivers are configured with ({@link crate.api.network.NetworkSettings}). */
package crate.api.network;
