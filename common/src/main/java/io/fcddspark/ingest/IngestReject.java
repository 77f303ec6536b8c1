package io.fcddspark.ingest;

/**
 * An input that could not become an {@link IngestedImage} (a row of the rejects table).
 *
 * @param sourceUri the file
 * @param entry the entry within it, or "*" for the whole file
 * @param reason what is wrong, for a person
 * @param exceptionClass the exception's class, or null when a check (not an exception) rejected it
 */
public record IngestReject(String sourceUri, String entry, String reason, String exceptionClass)
    implements java.io.Serializable {}
