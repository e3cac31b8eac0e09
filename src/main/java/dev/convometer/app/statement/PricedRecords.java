package dev.convometer.app.statement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The priced records of one JSON Lines file, in file order: {@code priced-*.jsonl}, or with {@code voided} set
 * {@code priced-*-voided.jsonl}. Blank lines are skipped, a byte order mark before the first line dropped. Anything
 * else that is not a priced record stops the reading with a {@link StatementException} naming the file and line.
 */
public final class PricedRecords implements AutoCloseable {
    // a repeated field would make two records equal or not depending on which copy a reader keeps
    private static final ObjectReader TREE = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build().readerFor(JsonNode.class);

    private final Path file;
    private final boolean voided;
    private final InputStream in;
    // buffered here, not by a BufferedInputStream, whose read() takes a lock per byte
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    // reports malformed bytes instead of replacing them
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
    private long number;

    private PricedRecords(Path file, boolean voided, InputStream in) {
        this.file = file;
        this.voided = voided;
        this.in = in;
    }

    /** Opens {@code file}, failing with "cannot read FILE: reason" when it is missing, a directory or unreadable. */
    public static PricedRecords open(Path file, boolean voided) throws StatementException {
        if (Files.isDirectory(file)) {
            throw new StatementException("cannot read " + file + ": is a directory");
        }
        try {
            return new PricedRecords(file, voided, Files.newInputStream(file));
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }

    public Path file() {
        return file;
    }

    /** The number of the line {@link #next} read last (the first line is 1). */
    public long lineNumber() {
        return number;
    }

    /** The next record, or null at the end of the file. */
    public PricedRecord next() throws StatementException {
        String text;
        do {
            text = nextLine();
            if (text == null) {
                return null;
            }
        } while (text.isBlank());
        JsonNode node;
        try {
            node = TREE.readTree(text);
        } catch (JsonProcessingException e) {
            throw bad("not JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (!(node instanceof ObjectNode object)) {
            throw bad("not a JSON object");
        }
        try {
            return PricedRecord.of(object, voided);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing was written: closing an input loses nothing
        }
    }

    /** The next line as text (without its line feed), or null at the end of the file. */
    private String nextLine() throws StatementException {
        line.reset();
        boolean lineFeed = false;
        while (!lineFeed && fill()) {
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            line.write(buffer, start, position - start);
            lineFeed = position < limit;
            position += lineFeed ? 1 : 0;
        }
        if (!lineFeed && line.size() == 0) {
            return null;
        }
        number++;
        String text;
        try {
            text = utf8.decode(ByteBuffer.wrap(line.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw bad("not UTF-8");
        }
        return number == 1 && text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Whether there are bytes to read, reading more when the buffer is used up. */
    private boolean fill() throws StatementException {
        if (position < limit) {
            return true;
        }
        try {
            limit = Math.max(in.read(buffer), 0);
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
        position = 0;
        return limit > 0;
    }

    private StatementException bad(String reason) {
        return new StatementException(file + " line " + number + ": " + reason);
    }

    private static StatementException cannotRead(Path file, IOException e) {
        String reason;
        if (e instanceof NoSuchFileException) {
            reason = "no such file";
        } else if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else {
            reason = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
        }
        return new StatementException("cannot read " + file + ": " + reason);
    }
}
