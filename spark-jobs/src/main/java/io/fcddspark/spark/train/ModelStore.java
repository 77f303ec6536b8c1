package io.fcddspark.spark.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fcddspark.config.ConfigException;
import io.fcddspark.nets.NetworkLayout;
import io.fcddspark.spark.HadoopFiles;
import io.fcddspark.train.ModelMetadata;
import io.fcddspark.train.TrainConfig;
import io.fcddspark.train.TrainProvenance;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Models on any Hadoop file system (local disk, HDFS): {@code NAME.zip} (DL4J's model format, with
 * the updater state) and {@code NAME.json} ({@link ModelMetadata}, with the zip's SHA-256). Files
 * hold the portable layout, DL4J's standard layers only, so that any backend can restore them;
 * reading gives the network in this JVM's layout ({@link NetworkLayout}).
 *
 * <p>Each file is written under a temporary name and renamed into place, the zip first: a model
 * exists once its JSON does, so a writer killed midway leaves only temporary files (removed by the
 * next write) and the previous models. A zip whose digest differs from its JSON is reported as
 * corrupt, by name.
 */
public final class ModelStore {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String TMP = "_tmp-";

  /** A train output's provenance file ({@link TrainProvenance}). */
  public static final String PROVENANCE = TrainProvenance.FILE;

  private final Configuration hadoop;

  public ModelStore(Configuration hadoop) {
    this.hadoop = hadoop;
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
    Path zip = new Path(dir, name + ".zip");
    Path json = new Path(dir, name + ".json");
    try {
      FileSystem fs = zip.getFileSystem(hadoop);
      fs.mkdirs(zip.getParent());
      removeTemporaries(fs, zip.getParent());
      Path tmpZip = new Path(dir, TMP + name + ".zip");
      MessageDigest md = sha256();
      try (OutputStream out = new DigestOutputStream(fs.create(tmpZip, true), md)) {
        ModelSerializer.writeModel(NetworkLayout.portable(net), out, true);
      }
      ModelMetadata written = meta.withSha256(HexFormat.of().formatHex(md.digest()));
      Path tmpJson = new Path(dir, TMP + name + ".json");
      try (OutputStream out = fs.create(tmpJson, true)) {
        JSON.writeValue(out, written);
      }
      // A model is committed when its JSON is in place: drop the old JSON first, so that no JSON
      // ever describes a zip it does not match.
      fs.delete(json, false);
      replace(fs, tmpZip, zip);
      replace(fs, tmpJson, json);
      return written;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write model " + zip, e);
    }
  }

  /** Reads the committed model {@code dir/name}, checking its digest. */
  public Stored read(String dir, String name) {
    ModelMetadata meta = metadata(dir, name);
    Path zip = new Path(dir, name + ".zip");
    try {
      FileSystem fs = zip.getFileSystem(hadoop);
      if (!fs.exists(zip)) {
        throw new IllegalStateException("Model " + zip + " is missing beside its metadata");
      }
      byte[] bytes;
      try (InputStream in = fs.open(zip)) {
        bytes = in.readAllBytes();
      } catch (ChecksumException e) {
        // The file system's own checksums (HDFS, local .crc files) caught it first.
        throw new IllegalStateException("Model " + zip + " is corrupt: " + e.getMessage(), e);
      }
      String sha = HexFormat.of().formatHex(sha256().digest(bytes));
      if (!sha.equals(meta.sha256())) {
        throw new IllegalStateException(
            String.format(
                "Model %s is corrupt: its SHA-256 is %s but %s.json records %s",
                zip, sha, name, meta.sha256()));
      }
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
    Path json = new Path(dir, name + ".json");
    try (InputStream in = json.getFileSystem(hadoop).open(json)) {
      return JSON.readValue(in, ModelMetadata.class);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Model metadata " + json + " is unreadable: " + e.getMessage(), e);
    }
  }

  /**
   * The provenance of the train run whose output is {@code dir}; a folder without one is an error
   * asking whether it is a train job's output.
   */
  public TrainProvenance provenance(String dir) {
    Path file = new Path(dir, PROVENANCE);
    byte[] json = HadoopFiles.readBytesIfExists(hadoop, file);
    if (json == null) {
      throw new ConfigException(
          "No training provenance at " + file + ": is " + dir + " a train job's output?");
    }
    return TrainProvenance.read(json, file.toString());
  }

  /** The training config recorded in the provenance of the train output {@code dir}. */
  public TrainConfig trainConfig(String dir) {
    return provenance(dir).trainConfig(new Path(dir, PROVENANCE).toString());
  }

  /** Whether {@code dir/name} is committed (its JSON exists). */
  public boolean exists(String dir, String name) {
    Path json = new Path(dir, name + ".json");
    try {
      return json.getFileSystem(hadoop).exists(json);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot look for " + json, e);
    }
  }

  /** The committed models in {@code dir}, by name, sorted. */
  public List<String> list(String dir) {
    Path d = new Path(dir);
    List<String> names = new ArrayList<>();
    try {
      FileSystem fs = d.getFileSystem(hadoop);
      if (!fs.exists(d)) {
        return names;
      }
      for (FileStatus s : fs.listStatus(d)) {
        String n = s.getPath().getName();
        if (n.endsWith(".json") && !n.startsWith(TMP)) {
          names.add(n.substring(0, n.length() - ".json".length()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + d, e);
    }
    names.sort(null);
    return names;
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
        try {
          FileSystem fs = new Path(dir).getFileSystem(hadoop);
          fs.delete(new Path(dir, n + ".json"), false);
          fs.delete(new Path(dir, n + ".zip"), false);
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot delete " + dir + "/" + n, e);
        }
      }
    }
  }

  private static void replace(FileSystem fs, Path from, Path to) throws IOException {
    fs.delete(to, false);
    if (!fs.rename(from, to)) {
      throw new IOException("Cannot rename " + from + " to " + to);
    }
  }

  private static void removeTemporaries(FileSystem fs, Path dir) throws IOException {
    for (FileStatus s : fs.listStatus(dir)) {
      if (s.getPath().getName().startsWith(TMP)) {
        fs.delete(s.getPath(), false);
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
