/** Where a result came from: the code version and the machine it ran on. */
package io.fcddspark.provenance;
