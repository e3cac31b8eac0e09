package dev.convometer.app.traffic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Directory trees on disk. */
public final class FileTrees {
    private FileTrees() {
    }

    /** Deletes {@code directory} and everything below it; nothing happens if it does not exist. */
    public static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            List<Path> deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path path : deepestFirst) {
                try {
                    Files.delete(path);
                } catch (NoSuchFileException alreadyGone) {
                    // fine
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
