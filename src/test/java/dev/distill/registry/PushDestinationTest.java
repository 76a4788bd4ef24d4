package dev.distill.registry;

import dev.distill.common.DistillException;
import dev.distill.common.ExitCode;
import dev.distill.oci.Descriptor;
import dev.distill.oci.Digest;
import dev.distill.oci.MediaTypes;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PushDestinationTest {
    private static final Descriptor RUNTIME = named("python:3.13", 'a');
    private static final Descriptor DEV = named("python:3.13-dev", 'b');

    private static Descriptor named(String name, char hex) {
        return Descriptor.of(MediaTypes.OCI_INDEX, Digest.sha256Hex(String.valueOf(hex).repeat(64)), 500)
                .withAnnotations(Map.of(Descriptor.REF_NAME, name));
    }

    @Test
    void aRepositoryKeepsEachImagesOwnTagAndATagReplacesIt() {
        PushDestination repository = PushDestination.parse("127.0.0.1:5000/team/python");
        assertThat(repository).isEqualTo(new PushDestination("127.0.0.1:5000", "team/python", null));
        assertThat(repository.referenceFor("python:3.13-dev"))
                .hasToString("127.0.0.1:5000/team/python:3.13-dev");
        assertThat(repository.referenceFor("registry.test:5000/app")).as("a name without a tag")
                .hasToString("127.0.0.1:5000/team/python:latest");
        assertThat(repository.referenceFor(null)).hasToString("127.0.0.1:5000/team/python:latest");

        PushDestination tagged = PushDestination.parse("localhost:5000/app:1.0");
        assertThat(tagged.tag()).isEqualTo("1.0");
        assertThat(tagged.referenceFor("app:1")).hasToString("localhost:5000/app:1.0");
    }

    @Test
    void aDigestOrAMissingHostIsRefused() {
        assertThatThrownBy(() -> PushDestination.parse("127.0.0.1:5000/app@sha256:" + "c".repeat(64)))
                .isInstanceOf(DistillException.class)
                .hasMessageContaining("HOST[:PORT]/REPO or HOST[:PORT]/REPO:TAG")
                .extracting(e -> ((DistillException) e).exitCode()).isEqualTo(ExitCode.USAGE);
        assertThatThrownBy(() -> PushDestination.parse("python:3.13"))
                .hasMessageContaining("names no registry host");
    }

    @Test
    void aPlanSendsEveryImageToEveryDestinationAndRefusesTwoImagesOnOneTag() {
        List<LayoutPush.Item> items = LayoutPush.plan(List.of(RUNTIME, DEV), List.of(
                PushDestination.parse("127.0.0.1:5000/python"), PushDestination.parse("127.0.0.1:5000/mirror")));
        assertThat(items).extracting(item -> item.target().toString(), item -> item.top().digest())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("127.0.0.1:5000/python:3.13", RUNTIME.digest()),
                        org.assertj.core.groups.Tuple.tuple("127.0.0.1:5000/python:3.13-dev", DEV.digest()),
                        org.assertj.core.groups.Tuple.tuple("127.0.0.1:5000/mirror:3.13", RUNTIME.digest()),
                        org.assertj.core.groups.Tuple.tuple("127.0.0.1:5000/mirror:3.13-dev", DEV.digest()));

        assertThatThrownBy(() -> LayoutPush.plan(List.of(RUNTIME, DEV),
                List.of(PushDestination.parse("127.0.0.1:5000/python:stable"))))
                .isInstanceOf(DistillException.class)
                .hasMessage("python:3.13 and python:3.13-dev would both be pushed to 127.0.0.1:5000/python:stable: "
                        + "give the destination without a tag so each image keeps its own, or push them one at a "
                        + "time");
    }

    @Test
    void theDevImageOfAPairWithTwoNamesGoesToTheRepositoryOfItsOwnName() {
        List<LayoutPush.Item> items = LayoutPush.plan(List.of(named("jre:21", 'c'), named("jdk:21", 'd')),
                List.of(PushDestination.parse("127.0.0.1:5000/team/jre")));
        assertThat(items).extracting(item -> item.target().toString())
                .containsExactly("127.0.0.1:5000/team/jre:21", "127.0.0.1:5000/team/jdk:21");

        assertThat(LayoutPush.plan(List.of(named("jre:21", 'c'), named("jdk:21", 'd')),
                List.of(PushDestination.parse("127.0.0.1:5000/jre:stable"))))
                .extracting(item -> item.target().toString())
                .containsExactly("127.0.0.1:5000/jre:stable", "127.0.0.1:5000/jdk:stable");
    }

    @Test
    void aPulledImageIsNamedAfterTheRepositorysLastPartAndItsTag() {
        assertThat(ImageReference.parse("127.0.0.1:5000/team/python:3.13-dev").localName())
                .isEqualTo("python:3.13-dev");
        assertThat(ImageReference.parse("127.0.0.1:5000/app").localName()).isEqualTo("app:latest");
        assertThat(ImageReference.parse("127.0.0.1:5000/app@sha256:" + "d".repeat(64)).localName())
                .isEqualTo("app@sha256:" + "d".repeat(64));
    }
}
