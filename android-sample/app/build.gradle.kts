// Kept consistent with android-sample/pom.xml: same sources (src/{main,test}/{java,kotlin}), same SDK and
// Kotlin versions, compileSdk 34 (the android-all 14 jar the Maven build compiles against), minSdk 26.
plugins {
    id("com.android.application")
    id("org.jetbrains.kotlin.android")
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

kotlin {
    compilerOptions {
        jvmTarget.set(org.jetbrains.kotlin.gradle.dsl.JvmTarget.JVM_17)
    }
}

dependencies {
    // ssekit-bom pins the ssekit artifacts (and OkHttp) to versions that belong together.
    implementation(platform("dev.ssekit:ssekit-bom:0.1.0-SNAPSHOT"))
    implementation("dev.ssekit:ssekit-sdk")
    implementation("dev.ssekit:ssekit-android") // a plain jar: the stream that follows network and lifecycle
    implementation("dev.ssekit:ssekit-kotlin") // FlowActivity
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-android:1.11.0")

    testImplementation("dev.ssekit:ssekit-test-server:0.1.0-SNAPSHOT")
    testImplementation("org.robolectric:robolectric:4.16")
    testImplementation("junit:junit:4.13.2")
    testImplementation("org.assertj:assertj-core:3.27.7")
    testImplementation("org.awaitility:awaitility:4.3.0")
}
