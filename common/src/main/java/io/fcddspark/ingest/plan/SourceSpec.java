package io.fcddspark.ingest.plan;

import static io.fcddspark.config.ConfigLoader.orDefault;
import static io.fcddspark.config.ConfigLoader.required;
import static io.fcddspark.config.Validators.atLeast;
import static io.fcddspark.config.Validators.positive;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.fcddspark.config.ConfigException;
import io.fcddspark.ingest.CifarSource;
import io.fcddspark.ingest.FileExclusions;
import io.fcddspark.ingest.IdxSource;
import io.fcddspark.ingest.ImageDecoder;
import io.fcddspark.ingest.ImageFilesSource;
import io.fcddspark.ingest.ImageLabels;
import io.fcddspark.ingest.IngestSource;
import io.fcddspark.ingest.InputFiles;
import io.fcddspark.ingest.RenderedLettersSource;
import io.fcddspark.ingest.SynsetNames;
import io.fcddspark.ingest.VocSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One entry of an ingest config's {@code sources}, chosen by its {@code type}; each plans into
 * units of work on the driver. Keys per type are the record components below (docs/ingest.md).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = SourceSpec.Idx.class, name = "idx"),
  @JsonSubTypes.Type(value = SourceSpec.Cifar.class, name = "cifar"),
  @JsonSubTypes.Type(value = SourceSpec.Folder.class, name = "folder"),
  @JsonSubTypes.Type(value = SourceSpec.Files.class, name = "files"),
  @JsonSubTypes.Type(value = SourceSpec.ImageNet.class, name = "imagenet"),
  @JsonSubTypes.Type(value = SourceSpec.ImageNetVal.class, name = "imagenet-val"),
  @JsonSubTypes.Type(value = SourceSpec.Mvtec.class, name = "mvtec"),
  @JsonSubTypes.Type(value = SourceSpec.Voc.class, name = "voc"),
  @JsonSubTypes.Type(value = SourceSpec.Letters.class, name = "letters")
})
public sealed interface SourceSpec {
  /** What planning needs besides the spec. */
  record Planning(InputFiles files, long maxPixels, long maxFileBytes) {}

  /** The units of this source. */
  List<IngestSource> plan(Planning p);

  /** IDX image + label files (MNIST, Fashion-MNIST, EMNIST), gzipped or not. */
  record Idx(String dataset, String split, String images, String labels, List<String> classes)
      implements SourceSpec {
    public Idx {
      required(dataset, "dataset");
      required(split, "split");
      required(images, "images");
      required(labels, "labels");
      required(classes, "classes");
    }

    @Override
    public List<IngestSource> plan(Planning p) {
      return List.of(new IdxSource(dataset, split, images, labels, classes));
    }
  }

  /**
   * A CIFAR split.
   *
   * @param variant cifar10 or cifar100
   * @param labels CIFAR-100's fine (default) or coarse
   */
  record Cifar(
      String dataset,
      String split,
      String path,
      CifarSource.Variant variant,
      CifarSource.Granularity labels,
      List<String> classes)
      implements SourceSpec {
    public Cifar {
      required(dataset, "dataset");
      required(split, "split");
      required(path, "path");
      required(variant, "variant");
      required(classes, "classes");
      labels = orDefault(labels, CifarSource.Granularity.FINE);
    }

    @Override
    public List<IngestSource> plan(Planning p) {
      return List.of(new CifarSource(dataset, split, path, variant, labels, classes));
    }
  }

  /** A folder with one subfolder per class. */
  record Folder(String dataset, String split, String path, DecodeSpec decode)
      implements SourceSpec {
    public Folder {
      required(dataset, "dataset");
      required(split, "split");
      required(path, "path");
    }

    @Override
    public List<IngestSource> plan(Planning p) {
      return List.copyOf(
          FolderCorpus.sources(
              p.files(),
              path,
              dataset,
              split,
              DecodeSpec.of(decode, p.maxPixels(), 0, ImageDecoder.Resize.BILINEAR),
              p.maxFileBytes()));
    }
  }

  /**
   * Every file under a folder (recursively), all of one class: new images to score, or an OE
   * corpus. Each file is decoded or rejected with its reason; the files are planned in units of
   * {@value #FILES_PER_UNIT}.
   *
   * @param className the class name recorded; default "unlabelled" (index 0)
   * @param exclude globs of files that are not inputs ({@link FileExclusions}: relative paths, or
   *     names where the pattern has no "/"); each must match at least one file; default none
   */
  record Files(
      String dataset,
      String split,
      String path,
      String className,
      List<String> exclude,
      DecodeSpec decode)
      implements SourceSpec {
    static final int FILES_PER_UNIT = 1000;

    public Files {
      required(dataset, "dataset");
      required(split, "split");
      required(path, "path");
      className = className == null ? "unlabelled" : className;
      exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }

    @Override
    public List<IngestSource> plan(Planning p) {
      FileExclusions exclusions;
      try {
        exclusions = new FileExclusions(exclude);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            "Cannot set exclude of the files source " + path + ": " + e.getMessage(), e);
      }
      Listing listing = new Listing(p.files());
      List<String> files = listing.filesUnder(path, List.of(""));
      if (files.isEmpty()) {
        throw new ConfigException("Folder " + path + " has no files");
      }
      if (!exclude.isEmpty()) {
        String base = listing.qualified(path);
        List<String> relative = new ArrayList<>();
        for (String f : files) {
          if (!f.startsWith(base + "/")) {
            throw new IllegalStateException("Listed " + f + ", which is not under " + base);
          }
          relative.add(f.substring(base.length() + 1));
        }
        FileExclusions.Split split;
        try {
          split = exclusions.split(relative);
        } catch (IllegalArgumentException e) {
          throw new ConfigException("Folder " + path + ": " + e.getMessage(), e);
        }
        files = split.kept().stream().map(r -> base + "/" + r).toList();
        if (files.isEmpty()) {
          throw new ConfigException(
              "Folder " + path + " has no files left after exclude " + exclude);
        }
      }
      ImageDecoder.Options decoding =
          DecodeSpec.of(decode, p.maxPixels(), 0, ImageDecoder.Resize.BILINEAR);
      List<IngestSource> units = new ArrayList<>();
      for (int from = 0; from < files.size(); from += FILES_PER_UNIT) {
        units.add(
            new ImageFilesSource(
                ImageLabels.of(dataset, split, className, 0),
                List.copyOf(files.subList(from, Math.min(files.size(), from + FILES_PER_UNIT))),
                decoding,
                p.maxFileBytes()));
      }
      return units;
    }
  }

  /**
   * ImageNet synsets: a folder of per-synset tars or folders, or a tar of tars.
   *
   * @param exclude a synset list file (e.g. the ImageNet-1k synsets, for ImageNet-22k OE), or null
   * @param decode default: 256, bilinear
   * @param synsetNames a file of each synset's names ("n02389026 sorrel"; ImageNet-1k's
   *     LOC_synset_mapping.txt), for excludeNamed
   * @param excludeNamed leave out the synsets whose names carry one of these words ({@link
   *     SynsetNames}: VOC's class names for the Clever Hans OE corpus, as the reference)
   */
  record ImageNet(
      String dataset,
      String split,
      String path,
      String exclude,
      DecodeSpec decode,
      String synsetNames,
      List<String> excludeNamed)
      implements SourceSpec {
    public ImageNet {
      required(dataset, "dataset");
      required(path, "path");
      split = orDefault(split, "train");
      excludeNamed = excludeNamed == null ? List.of() : List.copyOf(excludeNamed);
      if (!excludeNamed.isEmpty() && synsetNames == null) {
        throw new ConfigException(
            "excludeNamed needs synsetNames: the file of each synset's names"
                + " (LOC_synset_mapping.txt of ImageNet-1k)");
      }
    }

    @Override
    public List<IngestSource> plan(Planning p) {
      ImageNetCorpus corpus = new ImageNetCorpus(p.files());
      Set<String> excluded =
          new TreeSet<>(exclude == null ? Set.of() : corpus.readSynsetList(exclude));
      if (!excludeNamed.isEmpty()) {
        excluded.addAll(
            SynsetNames.matching(corpus.readLines(synsetNames), excludeNamed, synsetNames));
      }
      return corpus
          .synsets(
              path,
              dataset,
              split,
              excluded,
              DecodeSpec.of(decode, p.maxPixels(), 256, ImageDecoder.Resize.BILINEAR),
              p.maxFileBytes())
          .sources();
    }
  }

  /**
   * ImageNet-1k validation images with their label file; class indices from the training synsets.
   *
   * @param train the training folder or tar whose synsets are the classes
   */
  record ImageNetVal(String dataset, String path, String labels, String train, DecodeSpec decode)
      implements SourceSpec {
    public ImageNetVal {
      required(dataset, "dataset");
      required(path, "path");
      required(labels, "labels");
      required(train, "train");
    }

    @Override
    public List<IngestSource> plan(Planning p) {
      ImageNetCorpus corpus = new ImageNetCorpus(p.files());
      return corpus.validation(
          path,
          labels,
          corpus.synsetsOf(train),
          dataset,
          DecodeSpec.of(decode, p.maxPixels(), 256, ImageDecoder.Resize.BILINEAR),
          p.maxFileBytes());
    }
  }

  /** MVTec-AD with its masks; decode default: 240, nearest (the reference's stored size). */
  record Mvtec(String dataset, String path, DecodeSpec decode) implements SourceSpec {
    public Mvtec {
      dataset = orDefault(dataset, "mvtec-ad");
      required(path, "path");
    }

    @Override
    public List<IngestSource> plan(Planning p) {
      return new MvtecCorpus(p.files())
          .sources(
              path,
              dataset,
              DecodeSpec.of(decode, p.maxPixels(), 240, ImageDecoder.Resize.NEAREST),
              p.maxFileBytes());
    }
  }

  /**
   * PASCAL VOC ({@link VocSource}).
   *
   * @param split a list of ImageSets/Main, or "all"
   * @param contains label by whether an image shows this class (Clever Hans: horse); default the
   *     largest box's class
   */
  record Voc(String dataset, String path, String split, DecodeSpec decode, String contains)
      implements SourceSpec {
    public Voc {
      dataset = orDefault(dataset, "voc");
      required(path, "path");
      required(split, "split");
      if (contains != null && !VocSource.CLASSES.contains(contains)) {
        throw new ConfigException(
            "contains: '"
                + contains
                + "' is not a VOC class ("
                + String.join(", ", VocSource.CLASSES)
                + ")");
      }
    }

    @Override
    public List<IngestSource> plan(Planning p) {
      return new ArrayList<>(
          new VocCorpus(p.files())
              .sources(
                  path,
                  split,
                  dataset,
                  DecodeSpec.of(decode, p.maxPixels(), 0, ImageDecoder.Resize.BILINEAR),
                  p.maxFileBytes(),
                  contains));
    }
  }

  /**
   * Letters rendered from font files with random distortions ({@link RenderedLettersSource}): an
   * EMNIST-letters substitute for Outlier Exposure that needs only font packages.
   *
   * @param fonts a folder searched recursively for .ttf/.otf files that draw every letter, e.g.
   *     /usr/share/fonts
   * @param count images in the corpus
   * @param seed the corpus's seed; default 0
   * @param size image side; default 28
   * @param imagesPerUnit images per Spark task; default 5000
   */
  record Letters(
      String dataset,
      String split,
      String fonts,
      Integer count,
      Long seed,
      Integer size,
      Integer imagesPerUnit)
      implements SourceSpec {
    public Letters {
      required(dataset, "dataset");
      split = orDefault(split, "train");
      required(fonts, "fonts");
      positive("count", required(count, "count"));
      seed = orDefault(seed, 0L);
      size = atLeast("size", orDefault(size, 28), 8);
      imagesPerUnit = positive("imagesPerUnit", orDefault(imagesPerUnit, 5000));
    }

    @Override
    public List<IngestSource> plan(Planning p) {
      List<String> files =
          RenderedLettersSource.drawingLetters(
              new Listing(p.files()).filesUnder(fonts, List.of(".ttf", ".otf")), p.files());
      if (files.isEmpty()) {
        throw new ConfigException(
            "No .ttf or .otf font that draws every letter under fonts = " + fonts);
      }
      List<IngestSource> units = new ArrayList<>();
      for (long first = 0; first < count; first += imagesPerUnit) {
        int n = (int) Math.min(imagesPerUnit, count - first);
        units.add(new RenderedLettersSource(dataset, split, files, first, n, seed, size));
      }
      return units;
    }
  }
}
