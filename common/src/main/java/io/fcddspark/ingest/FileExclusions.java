package io.fcddspark.ingest;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.PatternSyntaxException;

/**
 * Glob patterns that keep files of a folder out of a corpus: an OE corpus that must not hold the
 * test set's own kind of image (shoes in a Fashion-MNIST OE corpus), icon folders in a clip-art
 * package. A pattern with a {@code /} is matched against the path relative to the folder ({@code
 * people/clothing/**}); one without is matched against the file name alone ({@code *boot*}), as in
 * {@code .gitignore}. Matching is case-insensitive; {@code *} stays within one folder and {@code
 * **} crosses folders (Java's glob syntax).
 */
public final class FileExclusions {
  private final Map<String, PathMatcher> matchers = new LinkedHashMap<>();

  /**
   * @param patterns the globs, in the config's order
   * @throws IllegalArgumentException naming a pattern that is empty or not a valid glob
   */
  public FileExclusions(List<String> patterns) {
    for (String pattern : patterns) {
      if (pattern == null || pattern.isBlank()) {
        throw new IllegalArgumentException("An exclude pattern is empty");
      }
      try {
        matchers.put(
            pattern,
            FileSystems.getDefault()
                .getPathMatcher("glob:" + pattern.toLowerCase(java.util.Locale.ROOT)));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "Exclude pattern '" + pattern + "' is not a glob: " + e.getDescription(), e);
      }
    }
  }

  /** The first pattern that excludes {@code relativePath} ("a/b/c.png"), or null if none does. */
  public String matching(String relativePath) {
    String lower = relativePath.toLowerCase(java.util.Locale.ROOT);
    Path whole = Path.of(lower);
    Path name = whole.getFileName();
    for (Map.Entry<String, PathMatcher> e : matchers.entrySet()) {
      Path target = e.getKey().contains("/") ? whole : name;
      if (target != null && e.getValue().matches(target)) {
        return e.getKey();
      }
    }
    return null;
  }

  /**
   * Splits {@code relativePaths} into kept and excluded, and checks that every pattern excluded at
   * least one file: a pattern that matches nothing is a typo or a folder that changed.
   *
   * @return the kept paths, in order
   * @throws IllegalArgumentException naming the patterns that matched no file
   */
  public Split split(List<String> relativePaths) {
    List<String> kept = new ArrayList<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    matchers.keySet().forEach(p -> counts.put(p, 0));
    for (String path : relativePaths) {
      String by = matching(path);
      if (by == null) {
        kept.add(path);
      } else {
        counts.merge(by, 1, Integer::sum);
      }
    }
    List<String> unused =
        counts.entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey).toList();
    if (!unused.isEmpty()) {
      throw new IllegalArgumentException(
          "Exclude pattern(s) " + unused + " match none of the " + relativePaths.size() + " files");
    }
    return new Split(List.copyOf(kept), Map.copyOf(counts));
  }

  /**
   * @param kept the paths no pattern excluded
   * @param excludedBy how many paths each pattern excluded (a path counts for its first pattern)
   */
  public record Split(List<String> kept, Map<String, Integer> excludedBy) {
    /** How many paths were excluded in all. */
    public int excluded() {
      return excludedBy.values().stream().mapToInt(Integer::intValue).sum();
    }
  }
}
