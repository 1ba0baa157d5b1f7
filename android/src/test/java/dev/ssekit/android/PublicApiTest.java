package dev.ssekit.android;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * The public API is what {@code api/ssekit-android-api.txt} lists: a change to it shows in review. Run with
 * {@code -Dssekit.android.api.update=true} to rewrite the file after a deliberate change.
 */
public class PublicApiTest {

  private static final Path LISTING = Paths.get("api", "ssekit-android-api.txt");

  @Test
  public void thePublicApiIsTheOneListedInTheApiFile() throws Exception {
    String actual = listing();
    if (Boolean.getBoolean("ssekit.android.api.update")) {
      Files.write(LISTING, actual.getBytes(StandardCharsets.UTF_8));
    }
    String expected = new String(Files.readAllBytes(LISTING), StandardCharsets.UTF_8);
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  public void theInternalPackageHasNoTypeAnAppNeeds() throws Exception {
    for (Class<?> type : classesOf("dev.ssekit.android")) {
      for (Method m : type.getMethods()) {
        if (m.getDeclaringClass() == type) {
          assertThat(m.getReturnType().getName()).as(m.toString()).doesNotContain(".internal.");
          for (Class<?> p : m.getParameterTypes()) {
            assertThat(p.getName()).as(m.toString()).doesNotContain(".internal.");
          }
        }
      }
    }
  }

  private static String listing() throws Exception {
    StringBuilder out = new StringBuilder();
    for (Class<?> type : classesOf("dev.ssekit.android")) {
      if (!Modifier.isPublic(type.getModifiers())) {
        continue;
      }
      out.append("type ").append(type.toGenericString()).append('\n');
      TreeSet<String> members = new TreeSet<>();
      List<Member> all = new ArrayList<>();
      Stream.of(type.getDeclaredConstructors()).forEach(all::add);
      Stream.of(type.getDeclaredMethods()).filter(m -> !m.isSynthetic()).forEach(all::add);
      Stream.of(type.getDeclaredFields()).filter(f -> !f.isSynthetic()).forEach(all::add);
      for (Member m : all) {
        if (Modifier.isPublic(m.getModifiers())) {
          members.add("  " + (m instanceof Method ? ((Method) m).toGenericString()
              : m instanceof Constructor ? ((Constructor<?>) m).toGenericString() : ((Field) m).toGenericString()));
        }
      }
      members.forEach(line -> out.append(line).append('\n'));
    }
    for (Class<?> type : classesOf("dev.ssekit.android.internal")) {
      if (Modifier.isPublic(type.getModifiers())) {
        out.append("type ").append(type.toGenericString()).append('\n');
      }
    }
    return out.toString();
  }

  /** The classes of one package of the main output, by name, nested ones included. */
  private static List<Class<?>> classesOf(String pkg) throws Exception {
    URL dir = AndroidSseStream.class.getProtectionDomain().getCodeSource().getLocation();
    File folder = new File(new File(dir.toURI()), pkg.replace('.', File.separatorChar));
    List<String> names;
    try (Stream<Path> files = Files.list(folder.toPath())) {
      names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class"))
          .filter(n -> !n.equals("package-info.class")).map(n -> n.substring(0, n.length() - 6)).sorted()
          .collect(Collectors.toList());
    }
    List<Class<?>> out = new ArrayList<>();
    for (String n : names) {
      Class<?> c = Class.forName(pkg + "." + n, false, PublicApiTest.class.getClassLoader());
      if (!c.isAnonymousClass() && !c.isSynthetic()) {
        out.add(c);
      }
    }
    return out;
  }
}
