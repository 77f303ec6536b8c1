package io.fcddspark.ingest;

import io.fcddspark.random.SampleRandom;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A synthetic corpus of handwriting-like letters, an EMNIST-letters substitute that any machine
 * with font packages can build: images {@code [first, first + count)} of a seeded sequence, each a
 * letter (26 classes, upper or lower case drawn at random as EMNIST letters merges them) in a font
 * drawn from {@code fonts}, white on black, with a random stroke thickness and a random affine
 * distortion (rotation, shear, scale, shift), centred on a {@code size}&times;{@code size} grey
 * canvas.
 *
 * <p>Image {@code i} depends on (seed, i) and the font list only, so any unit split gives the same
 * corpus. A font that cannot be loaded turns each of its images into a reject naming it.
 *
 * @param dataset dataset name
 * @param split split name
 * @param fonts TrueType/OpenType font files (sorted: the list is part of the corpus)
 * @param first index of this unit's first image
 * @param count images in this unit
 * @param seed the corpus's seed
 * @param size the side of the images
 */
public record RenderedLettersSource(
    String dataset, String split, List<String> fonts, long first, int count, long seed, int size)
    implements IngestSource {
  private static final long serialVersionUID = 1L;
  private static final int SUPERSAMPLE = 4;

  public RenderedLettersSource {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(split, "split");
    fonts = List.copyOf(fonts);
    if (fonts.isEmpty()) {
      throw new IllegalArgumentException("Rendered letters need at least one font file");
    }
    if (first < 0 || count < 0 || size < 8) {
      throw new IllegalArgumentException(
          "Rendered letters need first >= 0, count >= 0 and size >= 8, got "
              + first
              + ", "
              + count
              + ", "
              + size);
    }
  }

  private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  /**
   * The .ttf and .otf files under the local folder {@code dir} that can draw every letter, sorted
   * (e.g. /usr/share/fonts).
   */
  public static List<String> fontFiles(Path dir) throws IOException {
    List<String> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files =
          walk.map(Path::toString)
              .filter(
                  f -> {
                    String lower = f.toLowerCase(Locale.ROOT);
                    return lower.endsWith(".ttf") || lower.endsWith(".otf");
                  })
              .sorted()
              .toList();
    }
    return drawingLetters(files, java.io.FileInputStream::new);
  }

  /**
   * Those of {@code fonts} that load and have a glyph for every letter A–Z and a–z (symbol and math
   * fonts, such as those matplotlib installs, often do not), in their order.
   */
  public static List<String> drawingLetters(List<String> fonts, FileOpener opener) {
    List<String> out = new ArrayList<>();
    for (String f : fonts) {
      try (InputStream in = opener.open(f)) {
        Font font = Font.createFont(Font.TRUETYPE_FONT, in).deriveFont(64f);
        if (font.canDisplayUpTo(LETTERS) == -1 && everyLetterHasAnOutline(font)) {
          out.add(f);
        }
      } catch (IOException | FontFormatException | RuntimeException e) {
        // Not a usable font: left out of the corpus like one without letters.
      }
    }
    return out;
  }

  /** The class names: the 26 letters. */
  public static List<String> classNames() {
    List<String> names = new ArrayList<>();
    for (char c = 'A'; c <= 'Z'; c++) {
      names.add(String.valueOf(c));
    }
    return names;
  }

  private static boolean everyLetterHasAnOutline(Font font) {
    FontRenderContext frc = new FontRenderContext(null, true, true);
    for (char c : LETTERS.toCharArray()) {
      if (font.createGlyphVector(frc, String.valueOf(c)).getOutline().getBounds2D().isEmpty()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public List<String> inputUris() {
    return fonts;
  }

  @Override
  public long ingest(FileOpener opener, Consumer<IngestOutcome> sink) {
    Font[] loaded = new Font[fonts.size()];
    String[] failures = new String[fonts.size()];
    for (long i = first; i < first + count; i++) {
      SplittableRandom r = SampleRandom.of(seed, 0, i, SampleRandom.Purpose.AUGMENTATION);
      int f = r.nextInt(fonts.size());
      if (loaded[f] == null && failures[f] == null) {
        try (InputStream in = opener.open(fonts.get(f))) {
          loaded[f] = Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (IOException | FontFormatException | RuntimeException e) {
          failures[f] = "Cannot load font " + fonts.get(f) + ": " + e.getMessage();
        }
      }
      String entry = Long.toString(i);
      if (failures[f] != null) {
        sink.accept(
            new IngestOutcome.Rejected(
                new IngestReject(fonts.get(f), entry, failures[f], "FontFormatException")));
        continue;
      }
      int letter = r.nextInt(26);
      char c = (char) ((r.nextBoolean() ? 'A' : 'a') + letter);
      if (!loaded[f].canDisplay(c)) {
        sink.accept(glyphReject(fonts.get(f), entry, "has no glyph for", c));
        continue;
      }
      byte[] pixels = render(loaded[f], c, r);
      if (pixels == null) {
        sink.accept(glyphReject(fonts.get(f), entry, "draws nothing for", c));
        continue;
      }
      sink.accept(
          new IngestOutcome.Accepted(
              IngestedImage.of(
                  ImageLabels.of(dataset, split, String.valueOf((char) ('A' + letter)), letter),
                  fonts.get(f) + "#seed=" + seed,
                  entry,
                  1,
                  size,
                  size,
                  pixels,
                  null)));
    }
    return count;
  }

  private static IngestOutcome glyphReject(String font, String entry, String what, char c) {
    return new IngestOutcome.Rejected(
        new IngestReject(font, entry, "Font " + font + " " + what + " '" + c + "'", null));
  }

  private byte[] render(Font font, char c, SplittableRandom r) {
    int big = size * SUPERSAMPLE;
    BufferedImage canvas = new BufferedImage(big, big, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = canvas.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      FontRenderContext frc = g.getFontRenderContext();
      Shape glyph =
          font.deriveFont(Font.PLAIN, big * 0.7f)
              .createGlyphVector(frc, String.valueOf(c))
              .getOutline();
      Rectangle2D b = glyph.getBounds2D();
      if (b.isEmpty()) {
        return null; // the font draws nothing for it
      }
      // EMNIST letters fill about 3/4 of the canvas; scale the glyph's larger side to that, then
      // distort it, then shrink it back inside a 2-pixel margin if the distortion grew it, and
      // shift it at random within what the margin leaves.
      double scale =
          0.75 * big / Math.max(b.getWidth(), b.getHeight()) * (0.8 + 0.3 * r.nextDouble());
      AffineTransform distort = new AffineTransform();
      distort.rotate(Math.toRadians((r.nextDouble() - 0.5) * 30));
      distort.shear((r.nextDouble() - 0.5) * 0.5, 0);
      distort.scale(scale, scale);
      distort.translate(-b.getCenterX(), -b.getCenterY());
      Rectangle2D d = distort.createTransformedShape(glyph).getBounds2D();
      double inner = big - 2.0 * 2 * SUPERSAMPLE;
      double shrink = Math.min(1, inner / Math.max(d.getWidth(), d.getHeight()));
      double slackX = Math.max(0, (inner - shrink * d.getWidth()) / 2);
      double slackY = Math.max(0, (inner - shrink * d.getHeight()) / 2);
      AffineTransform t = new AffineTransform();
      t.translate(
          big / 2.0 + (r.nextDouble() - 0.5) * Math.min(slackX, 0.1 * big),
          big / 2.0 + (r.nextDouble() - 0.5) * Math.min(slackY, 0.1 * big));
      t.scale(shrink, shrink);
      t.translate(-d.getCenterX(), -d.getCenterY());
      t.concatenate(distort);
      Shape placed = t.createTransformedShape(glyph);
      g.setColor(Color.WHITE);
      g.fill(placed);
      // Thin faces (Computer Modern, script) get a pen of at least 2 % of the canvas, as EMNIST's
      // handwriting has.
      float stroke = (float) ((0.02 + r.nextDouble() * 0.03) * big);
      if (stroke > 0.5f) {
        g.setStroke(new BasicStroke(stroke, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(placed);
      }
    } finally {
      g.dispose();
    }
    byte[] px = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
    return boxDownsample(px, big);
  }

  /** The mean of each SUPERSAMPLE&times;SUPERSAMPLE block: area resampling, no aliasing. */
  private byte[] boxDownsample(byte[] px, int big) {
    byte[] out = new byte[size * size];
    int n = SUPERSAMPLE * SUPERSAMPLE;
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int sum = 0;
        for (int dy = 0; dy < SUPERSAMPLE; dy++) {
          int row = (y * SUPERSAMPLE + dy) * big + x * SUPERSAMPLE;
          for (int dx = 0; dx < SUPERSAMPLE; dx++) {
            sum += px[row + dx] & 0xFF;
          }
        }
        out[y * size + x] = (byte) ((sum + n / 2) / n);
      }
    }
    return out;
  }
}
