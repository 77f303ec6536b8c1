package io.fcddspark.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Consumer;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * PASCAL VOC images ({@code JPEGImages/<id>.jpg}) with their labels from {@code
 * Annotations/<id>.xml}: {@code objects} holds every object class the image shows, and the class
 * (the partition) is the class of its largest box, or, with {@code contains}, whether the image
 * shows that class at all (the reference's Clever Hans labels: class 0 the class, 1 "other"). Every
 * id is an input: an image, or a reject (no image, no or malformed annotation, no objects, an
 * unknown class, an undecodable image). The XML parser refuses DTDs and external entities.
 *
 * @param dataset dataset name
 * @param split the split (an {@code ImageSets/Main} list, or "all")
 * @param root the VOC folder (holding JPEGImages and Annotations)
 * @param ids the image ids of this unit
 * @param decoding channels, size, interpolation and pixel limit
 * @param maxFileBytes files larger than this are rejected without being read
 * @param contains a VOC class: label each image by whether any of its objects is one; or null
 */
public record VocSource(
    String dataset,
    String split,
    String root,
    List<String> ids,
    ImageDecoder.Options decoding,
    long maxFileBytes,
    String contains)
    implements IngestSource {
  private static final long serialVersionUID = 1L;

  /** The 20 VOC classes; a class's index is its position here. */
  public static final List<String> CLASSES =
      List.of(
          "aeroplane",
          "bicycle",
          "bird",
          "boat",
          "bottle",
          "bus",
          "car",
          "cat",
          "chair",
          "cow",
          "diningtable",
          "dog",
          "horse",
          "motorbike",
          "person",
          "pottedplant",
          "sheep",
          "sofa",
          "train",
          "tvmonitor");

  /** The class of the images that do not show {@code contains}. */
  public static final String OTHER = "other";

  public VocSource {
    Objects.requireNonNull(root, "root");
    if (contains != null && !CLASSES.contains(contains)) {
      throw new IllegalArgumentException(
          "'" + contains + "' is not a VOC class (" + String.join(", ", CLASSES) + ")");
    }
    Objects.requireNonNull(decoding, "decoding");
    ids = List.copyOf(ids);
  }

  @Override
  public List<String> inputUris() {
    List<String> out = new ArrayList<>();
    for (String id : ids) {
      out.add(image(id));
    }
    return out;
  }

  private String image(String id) {
    return root + "/JPEGImages/" + id + ".jpg";
  }

  @Override
  public long ingest(FileOpener opener, Consumer<IngestOutcome> sink) {
    for (String id : ids) {
      sink.accept(one(opener, id));
    }
    return ids.size();
  }

  private IngestOutcome one(FileOpener opener, String id) {
    String image = image(id);
    String entry = id + ".jpg";
    String xml = root + "/Annotations/" + id + ".xml";
    List<String[]> objects;
    try {
      objects = objects(EncodedImages.readFile(opener, xml, maxFileBytes));
    } catch (IOException | RuntimeException e) {
      return EncodedImages.reject(
          image, entry, "cannot read its annotation " + xml + ": " + e.getMessage(), e);
    } catch (SAXException | ParserConfigurationException e) {
      return EncodedImages.reject(
          image, entry, "malformed annotation " + xml + ": " + e.getMessage(), e);
    }
    if (objects.isEmpty()) {
      return EncodedImages.reject(image, entry, "annotation " + xml + " has no objects", null);
    }
    TreeSet<String> names = new TreeSet<>();
    String largest = null;
    double largestArea = -1;
    for (String[] o : objects) {
      if (!CLASSES.contains(o[0])) {
        return EncodedImages.reject(
            image, entry, "annotation " + xml + " names unknown class '" + o[0] + "'", null);
      }
      names.add(o[0]);
      double area = Double.parseDouble(o[1]);
      if (area > largestArea) {
        largestArea = area;
        largest = o[0];
      }
    }
    byte[] bytes;
    try {
      bytes = EncodedImages.readFile(opener, image, maxFileBytes);
    } catch (IOException | RuntimeException e) {
      return EncodedImages.reject(image, entry, "cannot read " + image + ": " + e.getMessage(), e);
    }
    String label = largest;
    int index = CLASSES.indexOf(largest);
    if (contains != null) {
      label = names.contains(contains) ? contains : OTHER;
      index = names.contains(contains) ? 0 : 1;
    }
    ImageLabels labels =
        new ImageLabels(dataset, split, label, index, null, null, List.copyOf(names));
    return EncodedImages.outcome(labels, image, entry, bytes, null, decoding);
  }

  /** (class name, box area) of every object of an annotation. */
  static List<String[]> objects(byte[] xml)
      throws IOException, SAXException, ParserConfigurationException {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    f.setExpandEntityReferences(false);
    DocumentBuilder b = f.newDocumentBuilder();
    b.setErrorHandler(null);
    Document d = b.parse(new ByteArrayInputStream(xml));
    NodeList nodes = d.getElementsByTagName("object");
    List<String[]> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      Element o = (Element) nodes.item(i);
      String name = text(o, "name").strip();
      double area = 0;
      Element box = child(o, "bndbox");
      if (box != null) {
        area =
            (Double.parseDouble(text(box, "xmax")) - Double.parseDouble(text(box, "xmin")))
                * (Double.parseDouble(text(box, "ymax")) - Double.parseDouble(text(box, "ymin")));
      }
      out.add(new String[] {name, Double.toString(area)});
    }
    return out;
  }

  /** The text of {@code e}'s direct child {@code tag} (not of a {@code <part>}'s). */
  private static String text(Element e, String tag) {
    Element c = child(e, tag);
    if (c == null) {
      throw new IllegalArgumentException("<" + e.getTagName() + "> lacks <" + tag + ">");
    }
    return c.getTextContent();
  }

  private static Element child(Element e, String tag) {
    for (org.w3c.dom.Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c && c.getTagName().equals(tag)) {
        return c;
      }
    }
    return null;
  }
}
