package io.fcddspark.ingest.plan;

import io.fcddspark.ingest.ImageDecoder;
import io.fcddspark.ingest.ImageFilesSource;
import io.fcddspark.ingest.ImageLabels;
import io.fcddspark.ingest.IngestReject;
import io.fcddspark.ingest.IngestSource;
import io.fcddspark.ingest.InputFiles;
import io.fcddspark.ingest.PlannedRejectsSource;
import io.fcddspark.ingest.SafeTarReader;
import io.fcddspark.ingest.TarImagesSource;
import io.fcddspark.ingest.TarMembers;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Plans ImageNet on the driver, reading listings and headers only, never image data:
 *
 * <ul>
 *   <li>{@link #synsets}: one task per synset, from a folder of per-synset tars ({@code
 *       fall11_whole}'s {@code n01440764.tar}, ...), a tar of such tars (its members' byte ranges
 *       read from the headers), or a folder of per-synset folders (ImageNet-1k's {@code train/});
 *       synsets on an exclusion list (ImageNet-22k minus ImageNet-1k) are left out and counted;
 *   <li>{@link #validation}: ImageNet-1k's flat validation folder with its label file.
 * </ul>
 *
 * Class names are WordNet ids; a class's index is its position among the sorted included synsets.
 */
public final class ImageNetCorpus {
  private static final Pattern WNID = Pattern.compile("n\\d{8}");

  private final InputFiles files;
  private final Listing listing;

  public ImageNetCorpus(InputFiles files) {
    this.files = files;
    this.listing = new Listing(files);
  }

  /**
   * A plan: the units, and the synsets the exclusion list left out.
   *
   * @param sources the units
   * @param excluded the synset inputs left out on purpose, as URIs
   */
  public record Plan(List<IngestSource> sources, List<String> excluded) {}

  /** The per-synset units of {@code uri}: a folder of tars or of folders, or a tar of tars. */
  public Plan synsets(
      String uri,
      String dataset,
      String split,
      Set<String> exclude,
      ImageDecoder.Options decoding,
      long maxEntryBytes) {
    Found found = find(uri, exclude);
    List<IngestSource> sources = new ArrayList<>();
    int index = 0;
    for (Map.Entry<String, Unit> e : found.units().entrySet()) {
      ImageLabels labels =
          new ImageLabels(dataset, split, e.getKey(), index++, e.getKey(), null, null);
      Unit u = e.getValue();
      if (u.member() != null) {
        sources.add(
            new TarImagesSource(
                labels,
                u.uri(),
                u.member().name(),
                u.member().offset(),
                u.member().size(),
                decoding,
                maxEntryBytes));
      } else if (u.uri().endsWith(".tar")) {
        sources.add(TarImagesSource.whole(labels, u.uri(), decoding, maxEntryBytes));
      } else {
        sources.add(
            new ImageFilesSource(
                labels, listing.files(u.uri(), "Synset folder"), decoding, maxEntryBytes));
      }
    }
    if (!found.rejects().isEmpty()) {
      sources.add(new PlannedRejectsSource(found.rejects()));
    }
    if (sources.isEmpty()) {
      throw new IllegalArgumentException(
          "ImageNet input "
              + uri
              + " has no synsets left ("
              + found.excluded().size()
              + " excluded)");
    }
    return new Plan(sources, found.excluded());
  }

  /** The synsets of an input by WordNet id, what is not a synset, and what was excluded. */
  private record Found(
      Map<String, Unit> units, List<IngestReject> rejects, List<String> excluded) {}

  /** Lists {@code uri} (folder names, file names or tar headers; never image data). */
  private Found find(String uri, Set<String> exclude) {
    Map<String, Unit> units = new TreeMap<>();
    List<IngestReject> rejects = new ArrayList<>();
    List<String> excluded = new ArrayList<>();
    boolean tarOfTars = !listing.isFolder(uri, "ImageNet synsets");
    if (tarOfTars) {
      List<TarMembers.Member> members;
      try (SeekableByteChannel channel = files.channel(uri)) {
        members = TarMembers.list(channel);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "Cannot list " + uri + " as a tar of synset tars: " + e.getMessage(), e);
      }
      for (TarMembers.Member m : members) {
        String problem = SafeTarReader.unsafe(m.name());
        String wnid = wnidOf(m.name(), ".tar");
        if (problem != null || wnid == null) {
          rejects.add(
              new IngestReject(
                  uri,
                  m.name(),
                  problem != null ? problem : "not a synset tar (expected n########.tar)",
                  null));
        } else if (exclude.contains(wnid)) {
          excluded.add(uri + "!" + m.name());
        } else {
          units.put(wnid, new Unit(uri, m));
        }
      }
    } else {
      for (String folder : listing.folders(uri, "ImageNet synsets")) {
        String wnid = wnidOf(Listing.name(folder), "");
        if (wnid == null) {
          throw new IllegalArgumentException(
              "ImageNet folder " + folder + " is not named as a synset (n########)");
        }
        if (exclude.contains(wnid)) {
          excluded.add(folder);
        } else {
          units.put(wnid, new Unit(folder, null));
        }
      }
      for (String file : listing.files(uri, "ImageNet synsets")) {
        String wnid = wnidOf(Listing.name(file), ".tar");
        if (wnid == null) {
          rejects.add(
              new IngestReject(file, "*", "not a synset tar (expected n########.tar)", null));
        } else if (exclude.contains(wnid)) {
          excluded.add(file);
        } else {
          units.put(wnid, new Unit(file, null));
        }
      }
    }
    return new Found(units, rejects, excluded);
  }

  private record Unit(String uri, TarMembers.Member member) {}

  /**
   * ImageNet-1k's validation images (one flat folder) labelled by {@code labelFile}: either
   * Kaggle's {@code LOC_val_solution.csv} ({@code ImageId,PredictionString}, the first token of the
   * prediction string is the synset) or lines {@code <file name> <wnid>}. Class indices follow
   * {@code classes} (the training synsets, sorted), so train and validation agree. An image without
   * a label, a label naming a missing image, and a label outside {@code classes} are rejects.
   */
  public List<IngestSource> validation(
      String folder,
      String labelFile,
      List<String> classes,
      String dataset,
      ImageDecoder.Options decoding,
      long maxFileBytes) {
    Map<String, String> labels = readValidationLabels(labelFile);
    Map<String, Integer> index = new LinkedHashMap<>();
    for (String c : new TreeSet<>(classes)) {
      index.put(c, index.size());
    }
    Map<String, List<String>> byWnid = new TreeMap<>();
    List<IngestReject> rejects = new ArrayList<>();
    Set<String> present = new TreeSet<>();
    for (String file : listing.files(folder, "ImageNet validation folder")) {
      String name = Listing.name(file);
      String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
      present.add(stem);
      String wnid = labels.get(stem);
      if (wnid == null) {
        rejects.add(new IngestReject(file, name, "no label in " + labelFile, null));
      } else if (!index.containsKey(wnid)) {
        rejects.add(
            new IngestReject(
                file, name, "label " + wnid + " in " + labelFile + " is not a known class", null));
      } else {
        byWnid.computeIfAbsent(wnid, k -> new ArrayList<>()).add(file);
      }
    }
    for (String stem : labels.keySet()) {
      if (!present.contains(stem)) {
        rejects.add(
            new IngestReject(
                labelFile, stem, "labelled image " + stem + " is missing from " + folder, null));
      }
    }
    List<IngestSource> sources = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : byWnid.entrySet()) {
      ImageLabels l =
          new ImageLabels(
              dataset, "val", e.getKey(), index.get(e.getKey()), e.getKey(), null, null);
      sources.add(new ImageFilesSource(l, e.getValue(), decoding, maxFileBytes));
    }
    if (!rejects.isEmpty()) {
      sources.add(new PlannedRejectsSource(rejects));
    }
    return sources;
  }

  private Map<String, String> readValidationLabels(String labelFile) {
    Map<String, String> labels = new TreeMap<>();
    listing.forEachLine(
        labelFile,
        (number, line) -> {
          if (number == 1 && line.startsWith("ImageId")) {
            return;
          }
          String[] parts = line.split("[,\\s]+");
          if (parts.length < 2 || !WNID.matcher(parts[1]).matches()) {
            throw new IllegalArgumentException(
                String.format(
                    "%s line %d: expected '<image>,<wnid> ...' or '<image> <wnid>', got '%s'",
                    labelFile, number, line));
          }
          String stem =
              parts[0].contains(".") ? parts[0].substring(0, parts[0].lastIndexOf('.')) : parts[0];
          labels.put(stem, parts[1]);
        });
    return labels;
  }

  /**
   * A list of synsets, one per line: a bare WordNet id, or a line that starts with one (devkit and
   * Kaggle {@code LOC_synset_mapping.txt} form, {@code n01440764 tench, Tinca tinca}); blank lines
   * and {@code #} comments are skipped.
   */
  public Set<String> readSynsetList(String uri) {
    Set<String> out = new TreeSet<>();
    listing.forEachLine(
        uri,
        (number, line) -> {
          String first = line.split("\\s+", 2)[0];
          if (!WNID.matcher(first).matches()) {
            throw new IllegalArgumentException(
                String.format(
                    "%s line %d: expected a WordNet id (n########), got '%s'", uri, number, line));
          }
          out.add(first);
        });
    return out;
  }

  /** The lines of the text file {@code uri}. */
  public List<String> readLines(String uri) {
    List<String> out = new ArrayList<>();
    listing.forEachLine(uri, (number, line) -> out.add(line));
    return out;
  }

  /** The synsets of ImageNet-1k's {@code train/} folder or tar, sorted: its classes. */
  public List<String> synsetsOf(String trainUri) {
    return List.copyOf(find(trainUri, Set.of()).units().keySet());
  }

  private static String wnidOf(String name, String suffix) {
    String base = name.substring(name.lastIndexOf('/') + 1);
    if (!base.endsWith(suffix)) {
      return null;
    }
    String stem = base.substring(0, base.length() - suffix.length());
    return WNID.matcher(stem).matches() ? stem : null;
  }
}
