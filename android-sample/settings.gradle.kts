// Open this folder in Android Studio. The SDK comes from the local Maven repository:
// run `mvn -q install -DskipTests` at the repository root first.
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        mavenLocal()
        google()
        mavenCentral()
    }
}

rootProject.name = "ssekit-android-sample"
include(":app")
