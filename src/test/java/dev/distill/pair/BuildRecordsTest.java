package dev.distill.pair;

import dev.distill.fetch.Cache;
import dev.distill.oci.OciLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A record is found only for the same inputs and the same lock content, however the lock is known. */
class BuildRecordsTest {
    @TempDir
    Path tmp;

    private final List<BuildRecords.ArchSummary> summary = List.of(
            new BuildRecords.ArchSummary("amd64", 1000, 3, 2, null, null, null, 0));
    private OciLayout layout;

    @BeforeEach
    void createLayout() {
        layout = OciLayout.openOrCreate(tmp.resolve("out"));
    }

    @Test
    void aSettledLockIsKnownByItsFileStatusAndAnyWriteIsSeen() throws Exception {
        Path lock = Files.writeString(tmp.resolve("app.lock.json"), "{\"packages\": [1, 2, 3]}\n");
        Thread.sleep(50);
        BuildRecords records = new BuildRecords(new Cache(tmp.resolve("cache")), Duration.ofMillis(20));
        BuildRecords.Key key = stored(records, "inputs", lock);
        assertThat(lockLine()).as("digest and status").matches("lock [0-9a-f]{64}( -?\\d+){5}");
        assertThat(records.find(key, layout)).hasValueSatisfying(f -> assertThat(f.archs()).isEqualTo(summary));
        assertThat(records.find(new BuildRecords.Key("other inputs", lock), layout)).isEmpty();

        // Same size, same modification time, other content: the change time gives it away.
        FileTime modified = Files.getLastModifiedTime(lock);
        Files.writeString(lock, "{\"packages\": [1, 2, 4]}\n");
        Files.setLastModifiedTime(lock, modified);
        assertThat(records.find(key, layout)).isEmpty();

        // The same content written again: the status differs, the digest does not.
        Files.writeString(lock, "{\"packages\": [1, 2, 3]}\n");
        assertThat(records.find(key, layout)).isPresent();
    }

    @Test
    void aLockChangedJustBeforeTheRecordIsHashedEachTime() throws IOException {
        Path lock = Files.writeString(tmp.resolve("app.lock.json"), "{}\n");
        BuildRecords records = new BuildRecords(new Cache(tmp.resolve("cache")), Duration.ofHours(1));
        BuildRecords.Key key = stored(records, "inputs", lock);
        assertThat(lockLine()).as("digest only").matches("lock [0-9a-f]{64}");
        assertThat(records.find(key, layout)).isPresent();
        Files.writeString(lock, "{ }\n");
        assertThat(records.find(key, layout)).isEmpty();
    }

    @Test
    void inputsOnSeveralLinesAreKeptOnOneAndAnIndexWrittenSinceIsNoChange() throws IOException {
        Path lock = Files.writeString(tmp.resolve("app.lock.json"), "{}\n");
        BuildRecords records = new BuildRecords(new Cache(tmp.resolve("cache")));
        BuildRecords.Key key = stored(records, "line one\nline two \\ three", lock);
        assertThat(records.find(key, layout)).hasValueSatisfying(f -> assertThat(f.retag()).isEmpty());
        Files.writeString(layout.root().resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[]}\n");
        assertThat(records.find(key, layout)).hasValueSatisfying(f -> assertThat(f.retag()).isEmpty());
        assertThat(Files.readString(recordFile())).contains("\ninputs line one\\nline two \\\\ three\n");
    }

    private BuildRecords.Key stored(BuildRecords records, String inputs, Path lock) {
        BuildRecords.Key key = new BuildRecords.Key(inputs, lock);
        records.store(key, List.of(), summary, layout);
        return key;
    }

    private Path recordFile() throws IOException {
        try (var files = Files.list(tmp.resolve("cache/builds"))) {
            return files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
    }

    private String lockLine() throws IOException {
        return Files.readAllLines(recordFile()).get(2);
    }
}
