package dev.ssekit.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a Gradle module metadata file (format 1.1) for a Maven-built Java library, from the library's direct
 * dependencies as {@code mvn dependency:list -DexcludeTransitive} printed them, so that Gradle users get what
 * Gradle's own {@code java-library} publication would give them, with some dependencies renamed for Gradle
 * (the SDK's POM names {@code okhttp-jvm}, which Maven needs; its {@code .module} names {@code okhttp}, whose own
 * metadata lets Gradle pick {@code okhttp-jvm} or {@code okhttp-android}).
 *
 * <p>Maven scopes map as Gradle's {@code java-library} publishes them: {@code compile} to both
 * {@code apiElements} and {@code runtimeElements}, {@code runtime} to {@code runtimeElements} only;
 * {@code provided}, {@code test}, {@code system}, {@code import} and optional dependencies are not published.
 *
 * <p>One source file using only the JDK, so that a build can run it with {@code java GradleModuleMetadata.java}.
 *
 * <pre>
 * java GradleModuleMetadata.java --list deps.txt --group g --module m --version v --jvm 17
 *     --file jar=target/m-v.jar [--file sources=... --file javadoc=...]
 *     [--rename com.squareup.okhttp3:okhttp-jvm=com.squareup.okhttp3:okhttp] --out target/m-v.module
 * </pre>
 */
public final class GradleModuleMetadata {

  /**
   * One line of {@code dependency:list}: {@code group:artifact:type[:classifier]:version:scope}, maybe followed
   * by {@code (optional)} and {@code -- module name}.
   */
  private static final Pattern LINE = Pattern.compile(
      "^\\s*([\\w.\\-]+):([\\w.\\-]+):([\\w.\\-]+)(?::([\\w.\\-]+))?:([^:\\s]+):(compile|runtime|provided|test|system|import)"
          + "(\\s+\\(optional\\))?(\\s.*)?$");

  /** Colour codes, which dependency:list writes into its file when Maven's output is coloured. */
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");

  private GradleModuleMetadata() {}

  /** A direct dependency of the library. */
  static final class Dependency {
    final String group;
    final String module;
    final String type;
    final String classifier;
    final String version;
    final String scope;
    final boolean optional;

    Dependency(String group, String module, String type, String classifier, String version, String scope,
        boolean optional) {
      this.group = group;
      this.module = module;
      this.type = type;
      this.classifier = classifier;
      this.version = version;
      this.scope = scope;
      this.optional = optional;
    }

    String coordinates() {
      return group + ":" + module;
    }
  }

  /** A file of a variant: its role ({@code jar}, {@code sources} or {@code javadoc}) and where it is. */
  static final class Artifact {
    final String role;
    final Path path;

    Artifact(String role, Path path) {
      this.role = role;
      this.path = path;
    }
  }

  /**
   * Reads {@code dependency:list} output. Lines that are not dependencies (the header, blank lines) are
   * skipped; a line that looks like one but cannot be read fails, so nothing is silently left out.
   *
   * @throws IllegalArgumentException naming the line that cannot be read
   */
  static List<Dependency> parseList(List<String> lines) {
    List<Dependency> result = new ArrayList<>();
    for (String raw : lines) {
      String line = ANSI.matcher(raw).replaceAll("").strip();
      if (line.isEmpty() || line.startsWith("The following files have been resolved") || line.equals("none")) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException("not a dependency:list line: \"" + line + "\"");
      }
      result.add(new Dependency(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6),
          m.group(7) != null));
    }
    return result;
  }

  /**
   * Parses {@code group:module=group:module} renames.
   *
   * @throws IllegalArgumentException if one is malformed or names a module twice
   */
  static Map<String, String> parseRenames(List<String> specs) {
    Map<String, String> renames = new LinkedHashMap<>();
    for (String spec : specs) {
      String[] sides = spec.split("=", -1);
      if (sides.length != 2 || sides[0].split(":", -1).length != 2 || sides[1].split(":", -1).length != 2
          || sides[0].contains(" ") || sides[1].contains(" ")) {
        throw new IllegalArgumentException("a rename is group:module=group:module, was \"" + spec + "\"");
      }
      if (renames.put(sides[0], sides[1]) != null) {
        throw new IllegalArgumentException("renamed twice: " + sides[0]);
      }
    }
    return renames;
  }

  /**
   * The module file's JSON.
   *
   * @throws IllegalArgumentException if a rename names no dependency (a stale rename would silently do
   *     nothing), a dependency has a classifier or a non-jar type (Gradle metadata would need capabilities), or
   *     there is no {@code jar} file
   */
  static String render(String group, String module, String version, int jvmVersion, List<Dependency> all,
      Map<String, String> renames, List<Artifact> artifacts) throws IOException {
    List<Dependency> api = new ArrayList<>();
    List<Dependency> runtime = new ArrayList<>();
    for (Dependency d : all) {
      if (d.optional || !(d.scope.equals("compile") || d.scope.equals("runtime"))) {
        continue;
      }
      if (d.classifier != null || !d.type.equals("jar")) {
        throw new IllegalArgumentException("cannot describe " + d.coordinates() + " (type " + d.type
            + (d.classifier == null ? "" : ", classifier " + d.classifier) + ") in Gradle module metadata");
      }
      if (d.scope.equals("compile")) {
        api.add(d);
      }
      runtime.add(d);
    }
    for (String from : renames.keySet()) {
      boolean used = false;
      for (Dependency d : runtime) {
        used |= d.coordinates().equals(from);
      }
      if (!used) {
        throw new IllegalArgumentException("the rename of " + from + " matches no published dependency");
      }
    }
    Artifact jar = null;
    Artifact sources = null;
    Artifact javadoc = null;
    for (Artifact a : artifacts) {
      switch (a.role) {
        case "jar": jar = a; break;
        case "sources": sources = a; break;
        case "javadoc": javadoc = a; break;
        default: throw new IllegalArgumentException("a file's role is jar, sources or javadoc, was " + a.role);
      }
    }
    if (jar == null) {
      throw new IllegalArgumentException("no --file jar=...");
    }

    Json json = new Json();
    json.open('{');
    json.field("formatVersion").string("1.1");
    json.field("component").open('{');
    json.field("group").string(group);
    json.field("module").string(module);
    json.field("version").string(version);
    json.field("attributes").open('{');
    json.field("org.gradle.status").string(version.endsWith("-SNAPSHOT") ? "integration" : "release");
    json.close('}');
    json.close('}');
    json.field("variants").open('[');
    library(json, "apiElements", "java-api", jvmVersion, api, renames, jar);
    library(json, "runtimeElements", "java-runtime", jvmVersion, runtime, renames, jar);
    if (sources != null) {
      documentation(json, "sourcesElements", "sources", sources);
    }
    if (javadoc != null) {
      documentation(json, "javadocElements", "javadoc", javadoc);
    }
    json.close(']');
    json.close('}');
    return json.toString() + "\n";
  }

  private static void library(Json json, String name, String usage, int jvmVersion, List<Dependency> deps,
      Map<String, String> renames, Artifact jar) throws IOException {
    json.element().open('{');
    json.field("name").string(name);
    json.field("attributes").open('{');
    json.field("org.gradle.category").string("library");
    json.field("org.gradle.dependency.bundling").string("external");
    json.field("org.gradle.jvm.version").number(jvmVersion);
    json.field("org.gradle.libraryelements").string("jar");
    json.field("org.gradle.usage").string(usage);
    json.close('}');
    if (!deps.isEmpty()) {
      json.field("dependencies").open('[');
      for (Dependency d : deps) {
        String[] target = renames.getOrDefault(d.coordinates(), d.coordinates()).split(":");
        json.element().open('{');
        json.field("group").string(target[0]);
        json.field("module").string(target[1]);
        json.field("version").open('{');
        json.field("requires").string(d.version);
        json.close('}');
        json.close('}');
      }
      json.close(']');
    }
    files(json, jar);
    json.close('}');
  }

  private static void documentation(Json json, String name, String docsType, Artifact file) throws IOException {
    json.element().open('{');
    json.field("name").string(name);
    json.field("attributes").open('{');
    json.field("org.gradle.category").string("documentation");
    json.field("org.gradle.dependency.bundling").string("external");
    json.field("org.gradle.docstype").string(docsType);
    json.field("org.gradle.usage").string("java-runtime");
    json.close('}');
    files(json, file);
    json.close('}');
  }

  private static void files(Json json, Artifact artifact) throws IOException {
    byte[] bytes = Files.readAllBytes(artifact.path);
    String fileName = artifact.path.getFileName().toString();
    json.field("files").open('[');
    json.element().open('{');
    json.field("name").string(fileName);
    json.field("url").string(fileName);
    json.field("size").number(bytes.length);
    json.field("sha512").string(digest("SHA-512", bytes));
    json.field("sha256").string(digest("SHA-256", bytes));
    json.field("sha1").string(digest("SHA-1", bytes));
    json.field("md5").string(digest("MD5", bytes));
    json.close('}');
    json.close(']');
  }

  static String digest(String algorithm, byte[] bytes) {
    try {
      StringBuilder hex = new StringBuilder();
      for (byte b : MessageDigest.getInstance(algorithm).digest(bytes)) {
        hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this JDK", e);
    }
  }

  /** A small pretty-printing JSON writer: enough for this file's objects, arrays, strings and numbers. */
  static final class Json {
    private final StringBuilder out = new StringBuilder();
    /** For each open container: whether it has a member yet. */
    private final ArrayList<Boolean> hasMember = new ArrayList<>();

    Json open(char bracket) {
      out.append(bracket);
      hasMember.add(false);
      return this;
    }

    Json close(char bracket) {
      boolean any = hasMember.remove(hasMember.size() - 1);
      if (any) {
        newline();
      }
      out.append(bracket);
      return this;
    }

    Json field(String name) {
      element();
      quote(name);
      out.append(": ");
      return this;
    }

    /** Starts the next member of the innermost container. */
    Json element() {
      int top = hasMember.size() - 1;
      if (hasMember.get(top)) {
        out.append(',');
      }
      hasMember.set(top, true);
      newline();
      return this;
    }

    Json string(String value) {
      quote(value);
      return this;
    }

    Json number(long value) {
      out.append(value);
      return this;
    }

    private void newline() {
      out.append('\n');
      for (int i = 0; i < hasMember.size(); i++) {
        out.append("  ");
      }
    }

    private void quote(String s) {
      out.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"': out.append("\\\""); break;
          case '\\': out.append("\\\\"); break;
          case '\n': out.append("\\n"); break;
          case '\r': out.append("\\r"); break;
          case '\t': out.append("\\t"); break;
          default:
            if (c < 0x20) {
              out.append(String.format("\\u%04x", (int) c));
            } else {
              out.append(c);
            }
        }
      }
      out.append('"');
    }

    @Override
    public String toString() {
      return out.toString();
    }
  }

  /** Command line: see the class comment. Exits with status 2 and a message on bad input. */
  public static void main(String[] args) throws IOException {
    try {
      Map<String, String> single = new LinkedHashMap<>();
      List<String> renameSpecs = new ArrayList<>();
      List<Artifact> artifacts = new ArrayList<>();
      for (int i = 0; i < args.length; i += 2) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        String value = args[i + 1];
        switch (args[i]) {
          case "--rename":
            renameSpecs.add(value);
            break;
          case "--file":
            int eq = value.indexOf('=');
            if (eq < 1) {
              throw new IllegalArgumentException("--file is role=path, was \"" + value + "\"");
            }
            artifacts.add(new Artifact(value.substring(0, eq), Path.of(value.substring(eq + 1))));
            break;
          case "--list": case "--group": case "--module": case "--version": case "--jvm": case "--out":
            single.put(args[i], value);
            break;
          default:
            throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      for (String required : new String[] {"--list", "--group", "--module", "--version", "--jvm", "--out"}) {
        if (!single.containsKey(required)) {
          throw new IllegalArgumentException("missing " + required);
        }
      }
      List<Dependency> deps = parseList(Files.readAllLines(Path.of(single.get("--list")), StandardCharsets.UTF_8));
      String json = render(single.get("--group"), single.get("--module"), single.get("--version"),
          Integer.parseInt(single.get("--jvm")), deps, parseRenames(renameSpecs), artifacts);
      Files.writeString(Path.of(single.get("--out")), json, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      System.err.println("GradleModuleMetadata: " + e.getMessage());
      System.exit(2);
    }
  }
}
