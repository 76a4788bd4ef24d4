package dev.distill.cli;

import dev.distill.vuln.DbUpdate;
import dev.distill.vuln.VulnerabilityDb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "db", mixinStandardHelpOptions = true,
        description = "Manage the vulnerability database that 'distill scan' and 'distill compare' use.",
        subcommands = DbCommand.Update.class)
final class DbCommand {
    @ParentCommand
    DistillCommand parent;

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = {"Download the Debian security tracker data and the OSV Debian dump, and build the index",
                "'distill scan' reads. A source may also be a local file (tracker JSON; OSV all.zip or a directory",
                "of OSV JSON files). The previous database is kept until the new one is complete.",
                "Environment: DISTILL_TRACKER_URL, DISTILL_OSV_URL (default sources)."})
    static final class Update implements Callable<Integer> {
        @ParentCommand
        DbCommand db;

        @Option(names = "--tracker", paramLabel = "URL|FILE",
                description = "Debian security tracker JSON (default: $DISTILL_TRACKER_URL, else the tracker's URL).")
        String tracker;

        @Option(names = "--osv", paramLabel = "URL|FILE|DIR",
                description = "OSV Debian records: all.zip or a directory (default: $DISTILL_OSV_URL, else OSV's dump).")
        String osv;

        @Option(names = "--no-tracker", description = "Leave the Debian tracker data out.")
        boolean noTracker;

        @Option(names = "--no-osv", description = "Leave the OSV data out.")
        boolean noOsv;

        @Mixin
        VulnerabilityDbOption database;

        @Override
        public Integer call() {
            Console console = db.parent.console();
            String trackerSource = noTracker ? null : choose(tracker, console.env().get("DISTILL_TRACKER_URL"),
                    DbUpdate.DEFAULT_TRACKER_URL);
            String osvSource = noOsv ? null : choose(osv, console.env().get("DISTILL_OSV_URL"), DbUpdate.DEFAULT_OSV_URL);
            VulnerabilityDb.Metadata metadata = new DbUpdate(console::note)
                    .run(new DbUpdate.Request(database.dir(console), trackerSource, osvSource));
            for (VulnerabilityDb.Source source : metadata.sources()) {
                console.out().printf("%s: %d entries from %s%n", source.name(), source.advisories(), source.location());
            }
            console.out().printf("%d advisories indexed in %s%n", metadata.advisories(), database.dir(console));
            return 0;
        }

        private static String choose(String option, String env, String fallback) {
            if (option != null) {
                return option;
            }
            return env != null && !env.isBlank() ? env : fallback;
        }
    }
}
