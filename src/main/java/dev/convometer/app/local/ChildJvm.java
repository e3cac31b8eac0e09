package dev.convometer.app.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Starts a main class of this project in a child JVM: this JVM's java executable and classpath (it holds every
 * dependency, in the fat jar and under Maven), standard output and error appended to a log file.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    /** Starts {@code mainClass} with {@code args} in {@code directory}, its output appended to {@code log}. */
    static Process start(Path directory, Path log, List<String> jvmOptions, String mainClass, List<String> args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", absoluteClassPath(), mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // options meant for this JVM (a debugger agent on a fixed port, say) must not reach the child
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        return builder.start();
    }

    private static String javaExecutable() {
        Path java = Path.of(System.getProperty("java.home"), "bin",
                System.getProperty("os.name").startsWith("Windows") ? "java.exe" : "java");
        if (Files.isExecutable(java)) {
            return java.toString();
        }
        return ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException("Cannot find the java executable of this JVM"));
    }

    /** This JVM's classpath with relative entries (such as {@code target/convo-meter.jar}) made absolute. */
    private static String absoluteClassPath() {
        String classPath = System.getProperty("java.class.path", "");
        if (classPath.isBlank()) {
            throw new IllegalStateException("java.class.path is empty: cannot start a child JVM");
        }
        return Stream.of(classPath.split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }
}
