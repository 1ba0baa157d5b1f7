package dev.ssekit.dependencycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** ssekit-bom stands alone (no parent), so its versions are written out: they must equal the build's. */
class BomTest {

  private static Element pom(String path) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Resolved.root(path).toFile())
        .getDocumentElement();
  }

  /** A direct child's text, or null. */
  private static String child(Element e, String tag) {
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element && n.getNodeName().equals(tag)) {
        return n.getTextContent().trim();
      }
    }
    return null;
  }

  @Test
  void theBomHasNoParentAndTheBuildsVersionsOfSsekitAndOkHttp() throws Exception {
    Element root = pom("pom.xml");
    Element bom = pom("bom/pom.xml");
    String version = child(root, "version");
    String okhttp = child((Element) root.getElementsByTagName("properties").item(0), "okhttp.version");

    assertThat(child(bom, "parent")).isNull();
    assertThat(child(bom, "version")).isEqualTo(version).isEqualTo(System.getProperty("ssekit.version"));
    assertThat(child((Element) bom.getElementsByTagName("properties").item(0), "okhttp.version")).isEqualTo(okhttp);

    List<String> managed = new ArrayList<>();
    NodeList deps = bom.getElementsByTagName("dependency");
    for (int i = 0; i < deps.getLength(); i++) {
      Element d = (Element) deps.item(i);
      String v = child(d, "version").replace("${okhttp.version}", okhttp);
      managed.add(child(d, "groupId") + ":" + child(d, "artifactId") + ":" + v
          + (child(d, "scope") == null ? "" : ":" + child(d, "scope")));
    }
    assertThat(managed).containsExactly("dev.ssekit:ssekit-sdk:" + version, "dev.ssekit:ssekit-kotlin:" + version,
        "dev.ssekit:ssekit-test-server:" + version, "dev.ssekit:ssekit-android:" + version,
        "dev.ssekit:ssekit-conformance:" + version,
        "com.squareup.okhttp3:okhttp-bom:" + okhttp + ":import");
  }
}
