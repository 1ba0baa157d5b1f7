package dev.ssekit.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 rule 3: the SDK's public API is written down in {@code docs/sdk-public-api.txt}, generated from the
 * compiled classes: every public type with its public and protected members; for the {@code internal}
 * package, which is not API, only the names of its public types. A change to the API (an unintended new public type or member included) fails this test
 * until the file is regenerated with {@code -Dssekit.api.update=true} and reviewed in the diff.
 */
class PublicApiTest {

  private static final Path API_FILE = Paths.get("..", "docs", "sdk-public-api.txt");

  @Test
  void thePublicApiIsExactlyTheOneWrittenInDocs() throws Exception {
    String actual = describe(Paths.get(System.getProperty("sdk.classes", "target/classes")));
    if (Boolean.getBoolean("ssekit.api.update")) {
      Files.write(API_FILE, actual.getBytes(StandardCharsets.UTF_8));
    }
    String expected = Files.exists(API_FILE) ? new String(Files.readAllBytes(API_FILE), StandardCharsets.UTF_8) : "";
    assertThat(actual).as("the public API changed: review it, then regenerate %s with -Dssekit.api.update=true",
        API_FILE).isEqualTo(expected);
  }

  @Test
  void theApiPackageHasNoPublicImplementationClassAndInternalOnlyItsOneEntryPoint() throws Exception {
    String api = describe(Paths.get(System.getProperty("sdk.classes", "target/classes")));
    List<String> internalTypes = api.lines().filter(l -> l.startsWith("type ") && l.contains(".internal."))
        .collect(Collectors.toList());
    assertThat(internalTypes).containsExactly("type public final class dev.ssekit.client.internal.SseClients");
    assertThat(api).doesNotContain("resilience4j").doesNotContain("Store implements").doesNotContain("TokenCrypto");
  }

  /** One line per public type and per public or protected member, sorted. */
  static String describe(Path classes) throws IOException, ClassNotFoundException {
    List<String> names;
    try (Stream<Path> files = Files.walk(classes.resolve("dev/ssekit/client"))) {
      names = files.map(p -> classes.relativize(p).toString().replace('\\', '/'))
          .filter(n -> n.endsWith(".class") && !n.equals("module-info.class"))
          .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
          .sorted().collect(Collectors.toList());
    }
    List<String> out = new ArrayList<>();
    for (String name : names) {
      Class<?> type = Class.forName(name, false, PublicApiTest.class.getClassLoader());
      if (!isVisible(type)) {
        continue;
      }
      out.add("type " + Modifier.toString(type.getModifiers() & ~Modifier.STATIC & ~Modifier.ABSTRACT & ~Modifier.INTERFACE)
          + (type.isInterface() ? " interface " : type.isEnum() ? " enum " : " class ") + type.getName()
          + (type.getGenericSuperclass() != null && type.getSuperclass() != Object.class && !type.isEnum()
              ? " extends " + type.getGenericSuperclass().getTypeName() : ""));
      if (type.getName().contains(".internal.")) {
        continue; // not API: only the type is listed, so a new public type there fails the test too
      }
      TreeSet<String> members = new TreeSet<>();
      for (Constructor<?> c : type.getDeclaredConstructors()) {
        if (isVisible(c.getModifiers()) && !c.isSynthetic()) {
          members.add("  " + c.toGenericString());
        }
      }
      for (Method m : type.getDeclaredMethods()) {
        if (isVisible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
          members.add("  " + m.toGenericString());
        }
      }
      for (Field f : type.getDeclaredFields()) {
        if (isVisible(f.getModifiers()) && !f.isSynthetic()) {
          members.add("  " + f.toGenericString());
        }
      }
      out.addAll(members);
    }
    return String.join("\n", out) + "\n";
  }

  private static boolean isVisible(Class<?> type) {
    for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
      if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isLocalClass()) {
        return false;
      }
    }
    return true;
  }

  private static boolean isVisible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }
}
