package dev.blogkit.cli;

import dev.blogkit.migration.Migrations;
import picocli.CommandLine.Option;

/** {@code --dry-run}, for the commands that change the schema. */
final class DryRun {

    @Option(names = "--dry-run", description = "Print the SQL that would run, in order; change nothing.")
    boolean enabled;

    Migrations applyTo(Migrations migrations) {
        return enabled ? migrations.dryRun() : migrations;
    }
}
