package io.fcddspark.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The ImageNet synsets whose names carry a given word, matched as the reference excludes PASCAL
 * VOC's classes from its ImageNet OE corpus ({@code outlier_exposure/imagenet.py}): a synset's
 * names (as in {@code LOC_synset_mapping.txt}: "n02389026 sorrel") are lower-cased, split at spaces
 * and commas, and a word matches a whole piece only ("horse" matches "horse cart", not "sorrel").
 */
public final class SynsetNames {
  private static final Pattern WNID = Pattern.compile("n\\d{8}");

  private SynsetNames() {}

  /**
   * The WordNet ids of the {@code lines} ("wnid names...") whose names carry one of {@code words};
   * {@code source} names the file in errors.
   */
  public static Set<String> matching(List<String> lines, List<String> words, String source) {
    Set<String> wanted = new TreeSet<>();
    for (String w : words) {
      wanted.add(w.toLowerCase(Locale.ROOT).strip());
    }
    Set<String> out = new TreeSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] parts = line.split("\\s+", 2);
      if (!WNID.matcher(parts[0]).matches() || parts.length < 2) {
        throw new IllegalArgumentException(
            String.format(
                "%s line %d: expected a WordNet id and its names (n02389026 sorrel), got '%s'",
                source, i + 1, line));
      }
      List<String> pieces =
          new ArrayList<>(Arrays.asList(parts[1].toLowerCase(Locale.ROOT).split("[ ,]")));
      if (pieces.stream().anyMatch(wanted::contains)) {
        out.add(parts[0]);
      }
    }
    return out;
  }
}
