/** The data a {@link crate.api.spi.Puller} takes and gives: settings, requests, progress, stored images. */
package crate.api.image;
