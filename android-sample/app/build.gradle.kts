// Kept consistent with android-sample/pom.xml: same sources (src/main/java, src/test/java), same SDK version,
// compileSdk 34 (the android-all 14 jar the Maven build compiles against), minSdk 26.
plugins {
    id("com.android.application")
}

android {
    namespace = "dev.ssekit.sample"
    compileSdk = 34

    defaultConfig {
        applicationId = "dev.ssekit.sample"
        minSdk = 26
        targetSdk = 34
        versionCode = 1
        versionName = "0.1.0"
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    testOptions {
        unitTests.isIncludeAndroidResources = true
    }
}

dependencies {
    implementation("dev.ssekit:ssekit-sdk:0.1.0-SNAPSHOT")

    testImplementation("dev.ssekit:ssekit-test-server:0.1.0-SNAPSHOT")
    testImplementation("org.robolectric:robolectric:4.16")
    testImplementation("junit:junit:4.13.2")
    testImplementation("org.assertj:assertj-core:3.27.7")
    testImplementation("org.awaitility:awaitility:4.3.0")
}
