/** Receptive-field geometry: which input pixels one feature of a convolutional stack sees. */
package io.fcddspark.geometry;
