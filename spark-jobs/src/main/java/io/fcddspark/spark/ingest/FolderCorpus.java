package io.fcddspark.spark.ingest;

import io.fcddspark.ingest.FolderClassSource;
import io.fcddspark.ingest.ImageDecoder;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Lists a "one subfolder per class" corpus on the driver (through Hadoop's FileSystem, so HDFS or
 * local) into one {@link FolderClassSource} per class: class index = position among the class
 * folders sorted by name; files sorted by name.
 */
public final class FolderCorpus {
  private FolderCorpus() {}

  /** The sources of {@code root}, whose subfolders are the classes. */
  public static List<FolderClassSource> sources(
      Configuration hadoop,
      String root,
      String dataset,
      String split,
      ImageDecoder.Options decoding,
      long maxFileBytes) {
    try {
      Path rootPath = new Path(root);
      FileSystem fs = rootPath.getFileSystem(hadoop);
      FileStatus[] classes = fs.listStatus(rootPath, p -> !p.getName().startsWith("."));
      Arrays.sort(classes, Comparator.comparing(s -> s.getPath().getName()));
      List<FolderClassSource> out = new ArrayList<>();
      int index = 0;
      for (FileStatus c : classes) {
        if (!c.isDirectory()) {
          continue;
        }
        List<String> files = new ArrayList<>();
        for (FileStatus f : fs.listStatus(c.getPath())) {
          if (f.isFile()) {
            files.add(f.getPath().toString());
          }
        }
        files.sort(Comparator.naturalOrder());
        out.add(
            new FolderClassSource(
                dataset, split, c.getPath().getName(), index++, files, decoding, maxFileBytes));
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException(
            "Corpus folder " + root + " has no class subfolders (one subfolder per class)");
      }
      return out;
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException("Corpus folder " + root + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list corpus folder " + root, e);
    }
  }
}
