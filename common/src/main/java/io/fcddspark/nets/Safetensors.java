package io.fcddspark.nets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safetensors format (Hugging Face; what {@code bin/export-vgg11-bn.py} writes): an 8-byte
 * little-endian header length, a JSON header mapping each tensor name to its dtype, shape and byte
 * range, then the little-endian tensor bytes. F32, F64, F16, BF16 and I64 tensors are read as
 * floats; anything malformed is an error naming the source and what is wrong.
 */
public final class Safetensors {
  private static final long MAX_HEADER_BYTES = 100L << 20;

  private Safetensors() {}

  /**
   * A tensor read as floats.
   *
   * @param shape its shape
   * @param values its values, row-major
   */
  public record Tensor(long[] shape, float[] values) {
    /** Elements: the product of the shape. */
    public long size() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Tensor t
          && Arrays.equals(shape, t.shape)
          && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
      return "Tensor" + Arrays.toString(shape);
    }
  }

  /** Reads every tensor of {@code in} ({@code source} names it in errors). */
  public static Map<String, Tensor> read(InputStream in, String source) throws IOException {
    DataInputStream data = new DataInputStream(in);
    byte[] len = data.readNBytes(8);
    if (len.length < 8) {
      throw new IOException(source + " is not a safetensors file: shorter than its 8-byte header");
    }
    long headerBytes = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (headerBytes <= 0 || headerBytes > MAX_HEADER_BYTES) {
      throw new IOException(
          source + " is not a safetensors file: header length " + headerBytes + " out of range");
    }
    byte[] header = data.readNBytes((int) headerBytes);
    if (header.length < headerBytes) {
      throw new IOException(source + " is truncated inside its safetensors header");
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(new String(header, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new IOException(source + " has a malformed safetensors header: " + e.getMessage(), e);
    }
    byte[] body = data.readAllBytes();
    Map<String, Tensor> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      if (!f.getKey().equals("__metadata__")) {
        out.put(f.getKey(), tensor(f.getKey(), f.getValue(), body, source));
      }
    }
    return out;
  }

  private static Tensor tensor(String name, JsonNode spec, byte[] body, String source)
      throws IOException {
    String dtype = spec.path("dtype").asText();
    JsonNode shapeNode = spec.path("shape");
    JsonNode offsets = spec.path("data_offsets");
    if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
      throw new IOException(source + ": tensor '" + name + "' lacks a shape or data_offsets");
    }
    long[] shape = new long[shapeNode.size()];
    long n = 1;
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shapeNode.get(i).asLong();
      n *= shape[i];
    }
    int width =
        switch (dtype) {
          case "F32" -> 4;
          case "F64", "I64" -> 8;
          case "F16", "BF16" -> 2;
          default ->
              throw new IOException(
                  source + ": tensor '" + name + "' has dtype " + dtype + ", not a number type");
        };
    long start = offsets.get(0).asLong();
    long end = offsets.get(1).asLong();
    if (start < 0 || end > body.length || end - start != n * width) {
      throw new IOException(
          String.format(
              "%s: tensor '%s' (%s %s) has byte range [%d, %d) but the data section has %d bytes",
              source, name, dtype, Arrays.toString(shape), start, end, body.length));
    }
    ByteBuffer b = ByteBuffer.wrap(body, (int) start, (int) (end - start));
    b.order(ByteOrder.LITTLE_ENDIAN);
    float[] v = new float[(int) n];
    for (int i = 0; i < n; i++) {
      v[i] =
          switch (dtype) {
            case "F32" -> b.getFloat();
            case "F64" -> (float) b.getDouble();
            case "I64" -> b.getLong();
            case "F16" -> halfToFloat(b.getShort());
            default -> Float.intBitsToFloat((b.getShort() & 0xFFFF) << 16); // BF16
          };
    }
    return new Tensor(shape, v);
  }

  /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
  static float halfToFloat(short half) {
    int h = half & 0xFFFF;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1F;
    int mant = h & 0x3FF;
    if (exp == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13)); // inf, NaN
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f; // subnormal or zero
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /** Writes {@code tensors} as F32 safetensors (8-byte aligned header), names in map order. */
  public static void write(Map<String, Tensor> tensors, OutputStream out) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode header = json.createObjectNode();
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", "F32");
      var shape = t.putArray("shape");
      for (long d : e.getValue().shape()) {
        shape.add(d);
      }
      long bytes = 4L * e.getValue().values().length;
      t.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] h = json.writeValueAsBytes(header);
    int padded = (h.length + 7) / 8 * 8;
    byte[] headerBytes = Arrays.copyOf(h, padded);
    Arrays.fill(headerBytes, h.length, padded, (byte) ' ');
    out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
    out.write(headerBytes);
    for (Tensor t : tensors.values()) {
      ByteBuffer b = ByteBuffer.allocate(4 * t.values().length).order(ByteOrder.LITTLE_ENDIAN);
      for (float v : t.values()) {
        b.putFloat(v);
      }
      out.write(b.array());
    }
  }
}
