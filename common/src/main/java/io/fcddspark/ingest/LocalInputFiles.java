package io.fcddspark.ingest;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** {@link InputFiles} on the local file system by plain paths, without Hadoop. */
public final class LocalInputFiles implements InputFiles {
  @Override
  public InputStream open(String uri) throws IOException {
    return missingAsNotFound(() -> Files.newInputStream(Path.of(uri)));
  }

  @Override
  public List<Entry> entries(String dir) throws IOException {
    return missingAsNotFound(
        () -> {
          List<Entry> out = new ArrayList<>();
          try (Stream<Path> s = Files.list(folder(dir))) {
            s.forEach(p -> out.add(new Entry(p.toString(), Files.isDirectory(p))));
          }
          return out;
        });
  }

  @Override
  public List<String> filesUnder(String dir) throws IOException {
    return missingAsNotFound(
        () -> {
          try (Stream<Path> s = Files.walk(folder(dir))) {
            return s.filter(Files::isRegularFile).map(Path::toString).toList();
          }
        });
  }

  @Override
  public String qualified(String dir) {
    return Path.of(dir).toAbsolutePath().normalize().toString();
  }

  @Override
  public boolean isFolder(String uri) throws IOException {
    if (!Files.exists(Path.of(uri))) {
      throw new FileNotFoundException(uri);
    }
    return Files.isDirectory(Path.of(uri));
  }

  @Override
  public boolean exists(String uri) {
    return Files.exists(Path.of(uri));
  }

  @Override
  public SeekableByteChannel channel(String uri) throws IOException {
    return missingAsNotFound(() -> Files.newByteChannel(Path.of(uri)));
  }

  private static Path folder(String dir) throws IOException {
    Path p = Path.of(dir);
    if (!Files.isDirectory(p)) {
      throw new FileNotFoundException(dir + " is not a folder");
    }
    return p;
  }

  /** An I/O step whose missing file is Java's {@link NoSuchFileException}. */
  private interface Step<T> {
    T run() throws IOException;
  }

  private static <T> T missingAsNotFound(Step<T> step) throws IOException {
    try {
      return step.run();
    } catch (NoSuchFileException e) {
      FileNotFoundException f = new FileNotFoundException(e.getFile());
      f.initCause(e);
      throw f;
    }
  }
}
