package io.fcddspark.preprocess;

import static io.fcddspark.config.Validators.nonNegative;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * The four strengths of one {@link ColorJitter} (torchvision's {@code ColorJitter(b, c, s, h)}),
 * written in a config as one number for all four or as {@code [brightness, contrast, saturation,
 * hue]}.
 */
@JsonDeserialize(using = JitterStrength.Reader.class)
public record JitterStrength(double brightness, double contrast, double saturation, double hue)
    implements Serializable {
  public JitterStrength {
    nonNegative("colorJitter brightness", brightness);
    nonNegative("colorJitter contrast", contrast);
    nonNegative("colorJitter saturation", saturation);
    nonNegative("colorJitter hue", hue);
  }

  /** All four strengths {@code j}. */
  public static JitterStrength uniform(double j) {
    return new JitterStrength(j, j, j, j);
  }

  /** As written: one number where the four agree, else the four. */
  @JsonValue
  Object json() {
    if (brightness == contrast && contrast == saturation && saturation == hue) {
      return brightness;
    }
    return List.of(brightness, contrast, saturation, hue);
  }

  /** Reads a number or a list of four numbers. */
  static final class Reader extends StdDeserializer<JitterStrength> {
    private static final long serialVersionUID = 1L;

    Reader() {
      super(JitterStrength.class);
    }

    @Override
    public JitterStrength deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      JsonNode node = context.readTree(parser);
      if (node.isNumber()) {
        return uniform(node.doubleValue());
      }
      if (node.isArray() && node.size() == 4) {
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
          if (!node.get(i).isNumber()) {
            v = null;
            break;
          }
          v[i] = node.get(i).doubleValue();
        }
        if (v != null) {
          return new JitterStrength(v[0], v[1], v[2], v[3]);
        }
      }
      throw JsonMappingException.from(
          parser,
          "a colour jitter strength is a number (all four strengths) or [brightness, contrast,"
              + " saturation, hue], not "
              + node);
    }
  }
}
