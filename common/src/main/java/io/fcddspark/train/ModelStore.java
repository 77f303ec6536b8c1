package io.fcddspark.train;

import io.fcddspark.config.ConfigException;
import io.fcddspark.nets.NetworkLayout;
import io.fcddspark.provenance.RecordJson;
import io.fcddspark.storage.CorruptFileException;
import io.fcddspark.storage.FileStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Models in a {@link FileStore} (local disk, HDFS): {@code NAME.zip} (DL4J's model format, with the
 * updater state) and {@code NAME.json} ({@link ModelMetadata}, with the zip's SHA-256). Files hold
 * the portable layout, DL4J's standard layers only, so that any backend can restore them; reading
 * gives the network in this JVM's layout ({@link NetworkLayout}).
 *
 * <p>A model is committed when its JSON is in place: a write removes the old JSON, then replaces
 * the zip and then the JSON, each atomically, so no JSON ever describes a zip it does not match,
 * and a writer killed midway leaves no model of that name (only temporary files, which the next
 * write removes). A zip whose bytes fail the store's checksums, or whose digest differs from its
 * JSON, is reported as corrupt, by name.
 */
public final class ModelStore {
  private static final String TMP = FileStore.TEMPORARY_PREFIX;

  /** A train output's provenance file ({@link TrainProvenance}). */
  public static final String PROVENANCE = TrainProvenance.FILE;

  private final FileStore files;

  /** Models in {@code files}. */
  public ModelStore(FileStore files) {
    this.files = files;
  }

  /**
   * A model read back with its metadata and its file's bytes (verified against the digest).
   *
   * @param net the network, with its updater state
   * @param metadata its metadata
   * @param bytes the model file as stored (DL4J's format), e.g. to broadcast to executors
   */
  public record Stored(MultiLayerNetwork net, ModelMetadata metadata, byte[] bytes) {}

  /** Writes {@code net} (with its updater state) as {@code dir/name}; returns the metadata. */
  public ModelMetadata write(String dir, String name, MultiLayerNetwork net, ModelMetadata meta) {
    for (String leftover : files.list(dir, "")) {
      if (leftover.startsWith(TMP)) {
        files.delete(child(dir, leftover));
      }
    }
    files.delete(child(dir, name + ".json"));
    MessageDigest md = sha256();
    files.write(
        child(dir, name + ".zip"),
        out -> {
          DigestOutputStream digested = new DigestOutputStream(out, md);
          ModelSerializer.writeModel(NetworkLayout.portable(net), digested, true);
          digested.flush();
        });
    ModelMetadata written = meta.withSha256(HexFormat.of().formatHex(md.digest()));
    files.write(child(dir, name + ".json"), RecordJson.write(written));
    return written;
  }

  /** Reads the committed model {@code dir/name}, checking its digest. */
  public Stored read(String dir, String name) {
    ModelMetadata meta = metadata(dir, name);
    String zip = child(dir, name + ".zip");
    byte[] bytes;
    try {
      bytes =
          files
              .readChecked(zip)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "Model " + zip + " is missing beside its metadata"));
    } catch (CorruptFileException e) {
      throw new IllegalStateException(
          "Model " + zip + " is corrupt: " + e.getCause().getMessage(), e);
    }
    String sha = HexFormat.of().formatHex(sha256().digest(bytes));
    if (!sha.equals(meta.sha256())) {
      throw new IllegalStateException(
          String.format(
              "Model %s is corrupt: its SHA-256 is %s but %s.json records %s",
              zip, sha, name, meta.sha256()));
    }
    try {
      return new Stored(
          NetworkLayout.forThisBackend(
              ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), true)),
          meta,
          bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read model " + zip + ": " + e.getMessage(), e);
    }
  }

  /** The metadata of {@code dir/name}; a file that does not parse is an error naming it. */
  public ModelMetadata metadata(String dir, String name) {
    String json = child(dir, name + ".json");
    try {
      byte[] bytes =
          files.readChecked(json).orElseThrow(() -> new IllegalStateException("no such file"));
      return RecordJson.read(bytes, ModelMetadata.class, "the model metadata", json);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Model metadata " + json + " is unreadable: " + e.getMessage(), e);
    }
  }

  /**
   * The provenance of the train run whose output is {@code dir}; a folder without one is an error
   * asking whether it is a train job's output.
   */
  public TrainProvenance provenance(String dir) {
    String file = child(dir, PROVENANCE);
    byte[] json =
        files
            .read(file)
            .orElseThrow(
                () ->
                    new ConfigException(
                        "No training provenance at "
                            + file
                            + ": is "
                            + dir
                            + " a train job's output?"));
    return TrainProvenance.read(json, file);
  }

  /** The training config recorded in the provenance of the train output {@code dir}. */
  public TrainConfig trainConfig(String dir) {
    return provenance(dir).trainConfig(child(dir, PROVENANCE));
  }

  /** Whether {@code dir/name} is committed (its JSON exists). */
  public boolean exists(String dir, String name) {
    return files.exists(child(dir, name + ".json"));
  }

  /** The committed models in {@code dir}, by name, sorted. */
  public List<String> list(String dir) {
    return files.list(dir, ".json").stream()
        .filter(n -> !n.startsWith(TMP))
        .map(n -> n.substring(0, n.length() - ".json".length()))
        .sorted()
        .toList();
  }

  /** The last committed model in {@code dir} by name, if any. */
  public Optional<String> last(String dir) {
    List<String> names = list(dir);
    return names.isEmpty() ? Optional.empty() : Optional.of(names.get(names.size() - 1));
  }

  /** Deletes every committed model in {@code dir} but {@code keep} (JSON first). */
  public void deleteAllBut(String dir, String keep) {
    for (String n : list(dir)) {
      if (!n.equals(keep)) {
        files.delete(child(dir, n + ".json"));
        files.delete(child(dir, n + ".zip"));
      }
    }
  }

  private static String child(String dir, String name) {
    return (dir.endsWith("/") ? dir : dir + "/") + name;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
