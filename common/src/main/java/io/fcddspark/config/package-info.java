/** Typed job configs read from YAML files with command-line overrides. */
package io.fcddspark.config;
