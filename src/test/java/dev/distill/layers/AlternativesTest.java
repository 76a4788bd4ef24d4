package dev.distill.layers;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** update-alternatives calls read from postinst scripts, literal or built from the script's constants and loops. */
class AlternativesTest {
    /** The shape of openjdk-21-jre-headless's postinst on trixie (abridged: the same constructs, fewer branches). */
    private static final String OPENJDK_POSTINST = """
            #!/bin/sh

            set -e

            multiarch=x86_64-linux-gnu
            priority=2111
            basedir=/usr/lib/jvm/java-21-openjdk-amd64
            mandir=$basedir/man
            srcext=1.gz
            dstext=1.gz
            jre_tools='java jpackage keytool rmiregistry'

            case "$1" in
            configure)
                if [ -z "$2" ]; then
            	update_alternatives=y
                fi
                if [ "$update_alternatives" = y ]; then
                if [ -n "$multiarch" ] && [ "$DPKG_MAINTSCRIPT_ARCH" != $(dpkg --print-architecture) ]; then
            	priority=$(expr $priority - 1)
                fi
                for i in $jre_tools; do
            	unset slave1 slave2 || true
                    if [ -e $mandir/man1/$i.$srcext ]; then
            	    slave1="--slave \\
            		/usr/share/man/man1/$i.$dstext \\
                            $i.$dstext \\
                            $mandir/man1/$i.$srcext"
            	fi
                    update-alternatives \\
                        --install \\
                        /usr/bin/$i \\
                        $i \\
                        $basedir/bin/$i \\
                        $priority \\
            	    $slave1 $slave2
                done
                update-alternatives \\
            	--install /usr/bin/jexec jexec $basedir/lib/jexec $priority \\
            	--slave \\
            	    /usr/share/binfmts/jar \\
            	    jexec-binfmt \\
            	    $basedir/lib/jar.binfmt
                fi # update alternatives
                ;;
            esac

            exit 0
            """;

    @Test
    void openjdksLoopOverItsToolsIsUnrolledWithTheScriptsConstants() {
        List<InstalledPackage.Alternative> found = Alternatives.parse(OPENJDK_POSTINST);

        String bin = "/usr/lib/jvm/java-21-openjdk-amd64/bin/";
        assertThat(found).extracting(a -> a.link() + " " + a.name() + " " + a.path() + " " + a.priority())
                .containsExactly(
                        "/usr/bin/java java " + bin + "java 2111",
                        "/usr/bin/jpackage jpackage " + bin + "jpackage 2111",
                        "/usr/bin/keytool keytool " + bin + "keytool 2111",
                        "/usr/bin/rmiregistry rmiregistry " + bin + "rmiregistry 2111",
                        "/usr/bin/jexec jexec /usr/lib/jvm/java-21-openjdk-amd64/lib/jexec 2111");
        assertThat(found.get(0).slaves()).as("the man page slave is set only under a condition: unknown").isEmpty();
        assertThat(found.get(4).slaves()).extracting(s -> s.link() + " " + s.name() + " " + s.path())
                .containsExactly("/usr/share/binfmts/jar jexec-binfmt /usr/lib/jvm/java-21-openjdk-amd64/lib/jar.binfmt");
    }

    @Test
    void literalCallsAreReadAsBeforeAndMovedUnderUsr() {
        String script = "#!/bin/sh\nset -e\nif [ \"$1\" = configure ]; then\n"
                + "  update-alternatives --install /usr/bin/awk awk /usr/bin/mawk 5 \\\n"
                + "    --slave /usr/share/man/man1/awk.1.gz awk.1.gz /usr/share/man/man1/mawk.1.gz \\\n"
                + "    --slave /bin/nawk nawk /usr/bin/mawk\nfi\n";

        List<InstalledPackage.Alternative> found = Alternatives.parse(script);

        assertThat(found).hasSize(1);
        assertThat(found.get(0).link()).isEqualTo("/usr/bin/awk");
        assertThat(found.get(0).slaves()).extracting(InstalledPackage.Alternative.Slave::link)
                .containsExactly("/usr/share/man/man1/awk.1.gz", "/usr/bin/nawk");
    }

    @Test
    void callsThatDependOnWhatOnlyTheShellKnowsAreSkipped() {
        String script = """
                #!/bin/sh
                arch=`dpkg --print-architecture`
                update-alternatives --install /usr/bin/tool tool /usr/lib/$arch/tool 10
                update-alternatives --install /usr/bin/other other "$2" 10
                for t in "$@"; do update-alternatives --install /usr/bin/$t $t /usr/lib/x/$t 10; done
                if true; then prio=50; fi
                update-alternatives --install /usr/bin/late late /usr/bin/late.real $prio
                """;

        assertThat(Alternatives.parse(script)).isEmpty();
    }

    @Test
    void nestedLoopsAndLaterConstantsExpand() {
        String script = """
                #!/bin/sh
                dirs="a b"
                for d in $dirs; do
                  for t in x y; do
                    update-alternatives --install /usr/bin/$d-$t $d-$t /opt/${d}/$t 20
                  done
                done
                dirs=`ls /opt`
                for d in $dirs; do update-alternatives --install /usr/bin/$d $d /opt/$d 1; done
                """;

        assertThat(Alternatives.parse(script)).extracting(InstalledPackage.Alternative::path)
                .containsExactly("/opt/a/x", "/opt/a/y", "/opt/b/x", "/opt/b/y");
    }
}
