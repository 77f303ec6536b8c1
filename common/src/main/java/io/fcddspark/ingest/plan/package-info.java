/**
 * The ingest config as the user writes it and its planning on the driver into units of work:
 * sources by type and the corpus layouts they list (ImageNet, MVTec-AD, VOC, class folders), on any
 * {@link io.fcddspark.ingest.InputFiles}.
 */
package io.fcddspark.ingest.plan;
