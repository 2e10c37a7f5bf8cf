package dev.blogkit.cli;

import dev.blogkit.BlogConfig;
import dev.blogkit.BlogException;
import dev.blogkit.internal.config.ProjectFile;
import dev.blogkit.migration.BlogCopy;
import dev.blogkit.migration.GeneratedMigration;
import dev.blogkit.migration.MigrationReport;
import dev.blogkit.migration.Migrations;
import dev.blogkit.migration.SchemaCheck;
import dev.blogkit.migration.ValidationReport;
import dev.blogkit.migration.VersionInfo;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * BlogKit's command line: {@code java -jar blogkit-<version>-cli.jar migrate|undo|info|validate|check|generate|stamp|copy}.
 * The application's own migrations and entities are named by {@code --migrations}, {@code --history},
 * {@code --entities} and {@code --classpath}. Quiet by
 * default; {@code --verbose} shows the libraries' logs. A user error prints one line and exits with 1 (a
 * failed operation) or 2 (a bad command line).
 */
@Command(name = "blogkit", mixinStandardHelpOptions = true, versionProvider = BlogKitCli.Version.class,
        description = "Migrates a BlogKit database both ways and checks it.",
        subcommands = {BlogKitCli.Migrate.class, BlogKitCli.Undo.class, BlogKitCli.Info.class, BlogKitCli.Validate.class,
                BlogKitCli.Check.class, BlogKitCli.Generate.class, BlogKitCli.Stamp.class, BlogKitCli.Copy.class,
                BlogKitCli.Init.class})
public final class BlogKitCli implements Runnable {

    static final int FAILED = 1;
    static final int USAGE = 2;
    private static final DateTimeFormatter APPLIED_AT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command line, printing to {@code out} and {@code err}; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine commandLine = new CommandLine(new BlogKitCli());
        commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            List<String> suggestions = e instanceof CommandLine.UnmatchedArgumentException unmatched
                    ? unmatched.getSuggestions() : List.of();
            e.getCommandLine().getErr().println("error: " + CliWords.of(BlogConfig.masked(e.getMessage()))
                    + (suggestions.isEmpty() ? "" : " (did you mean " + String.join(" or ", suggestions) + "?)")
                    + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            boolean verbose = parseResult.subcommands().stream()
                    .anyMatch(sub -> sub.hasMatchedOption("--verbose"));
            if (e instanceof BlogException) {
                cmd.getErr().println("error: " + CliWords.of(e.getMessage()));
            } else {
                cmd.getErr().println("error: " + BlogConfig.masked(e.toString())
                        + (verbose ? "" : " (run with --verbose for details)"));
            }
            if (verbose) {
                java.io.StringWriter trace = new java.io.StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                cmd.getErr().print(BlogConfig.masked(trace.toString()));
                cmd.getErr().flush();
            }
            return FAILED;
        });
        try {
            return commandLine.execute(args);
        } finally {
            Common.tidy();
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a command is required: init, migrate, undo, info, validate, check, generate, stamp or copy");
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Writes a project file, " + ProjectFile.NAME + ", for an application: the database, its "
                    + "migrations and history table, its entities; every command reads it. Asks nothing, prints what it "
                    + "wrote, and never replaces a file that is there.")
    static final class Init implements Callable<Integer> {

        @Option(names = "--config", paramLabel = "FILE", description = "Where to write it (default: "
                + ProjectFile.NAME + ").")
        Path file = Path.of(ProjectFile.NAME);

        @ParentCommand
        BlogKitCli parent;

        @Override
        public Integer call() throws java.io.IOException {
            Common.logging(false);
            String text = ProjectFile.template();
            try {
                java.nio.file.Files.writeString(file, text, StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE_NEW);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                throw new dev.blogkit.migration.MigrationException(file + " exists already: init leaves it as it is "
                        + "(edit it, or remove it first)");
            }
            PrintWriter out = parent.spec.commandLine().getOut();
            out.println("wrote " + file + ":");
            text.lines().forEach(line -> out.println("  " + line));
            return 0;
        }
    }

    @Command(name = "copy", mixinStandardHelpOptions = true,
            description = "Moves a blog to another database (for example SQLite to PostgreSQL): migrates the target, "
                    + "copies every table of BlogKit's and the application's migrations with ids and timestamps, all or "
                    + "nothing; refuses a source table that no set owns unless --exclude names it.")
    static final class Copy implements Callable<Integer> {

        @Option(names = "--from", paramLabel = "JDBC_URL",
                description = "The blog to copy (default: the project file's url).")
        String from;

        @Option(names = "--to", paramLabel = "JDBC_URL",
                description = "Where to copy it (default: the project file's target).")
        String to;

        @Option(names = "--into-non-empty", description = "Copy even if the target's tables already hold rows.")
        boolean intoNonEmpty;

        @Option(names = "--exclude", paramLabel = "TABLE", split = ",",
                description = "Source tables that no given migration set owns, to leave behind on purpose.")
        Set<String> exclude = Set.of();

        @Option(names = "--verbose", description = "Show the logs of BlogKit and its libraries.")
        boolean verbose;

        @Mixin
        Sets sets;

        @ParentCommand
        BlogKitCli parent;

        @Override
        public Integer call() {
            Common.logging(verbose);
            PrintWriter err = parent.spec.commandLine().getErr();
            if (from == null && (sets.project() == null || sets.project().url().isEmpty())) {
                throw new CommandLine.ParameterException(parent.spec.commandLine(),
                        "copy needs --from, or url= in " + ProjectFile.NAME);
            }
            String targetUrl = to != null ? to : sets.project() == null ? null : sets.project().target().orElse(null);
            if (targetUrl == null) {
                throw new CommandLine.ParameterException(parent.spec.commandLine(),
                        "copy needs --to, or target= in " + ProjectFile.NAME);
            }
            BlogConfig source = sets.config(sets.url(from), true);
            BlogConfig target = sets.config(targetUrl, true);
            Common.requireExisting(source);
            Common.lookedAt(source);
            // a bar redrawn in place on a terminal; nothing where \r would end up in a log or a pipe
            boolean terminal = System.console() != null;
            BlogCopy.Report report = BlogCopy.copy(source, target, intoNonEmpty, exclude,
                    (rows, total) -> {
                        if (terminal) {
                            err.print("\r" + progressBar(rows, total));
                            err.flush();
                        }
                    });
            if (terminal) {
                err.println();
            }
            PrintWriter out = parent.spec.commandLine().getOut();
            String others = report.rows().entrySet().stream().filter(e -> !Set.of("users", "posts").contains(e.getKey()))
                    .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
            out.println("copied " + report.users() + " users and " + report.posts() + " posts"
                    + (others.isEmpty() ? "" : " (and " + others + ")") + " from " + source.displayUrl() + " to "
                    + target.displayUrl() + " ("
                    + report.duration().toMillis() + " ms); counts checked");
            if (!exclude.isEmpty()) {
                out.println("left behind on purpose: " + String.join(", ", new TreeSet<>(exclude)));
            }
            return 0;
        }

        static String progressBar(long rows, long total) {
            int width = 30;
            int filled = total == 0 ? width : (int) (rows * width / total);
            return "copying [" + "#".repeat(filled) + " ".repeat(width - filled) + "] "
                    + (total == 0 ? 100 : rows * 100 / total) + "% " + rows + "/" + total + " rows";
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = "Applies the pending versions (Alembic's upgrade head).")
    static final class Migrate implements Callable<Integer> {

        @Mixin
        Common common;

        @Option(names = "--target", paramLabel = "VERSION", description = "Stop at this version.")
        String target;

        @Mixin
        DryRun dryRun;

        @ParentCommand
        BlogKitCli parent;

        @Override
        public Integer call() {
            List<Migrations> sets = new java.util.ArrayList<>();
            for (Migrations set : common.allMigrations()) {
                // only a folder of the source tree, where generate writes the first script: a classpath: location
                // that finds nothing is far likelier a --classpath forgotten, and is refused as before
                if (common.awaitsFirstScript(set)) {
                    // a project's new set (init, before its first generate): nothing of it to apply yet
                    if (target != null) {
                        throw new CommandLine.ParameterException(parent.spec.commandLine(), "--target names a version "
                                + "of the application's migrations, which have no script yet (generate writes the first)");
                    }
                    parent.spec.commandLine().getOut().println(Common.NO_SCRIPT_YET);
                } else {
                    sets.add(dryRun.applyTo(set));
                }
            }
            // all sets or none; --target names a version of the set the command is about: the last one
            Migrations.migrateAll(sets, target).forEach(parent::print);
            return 0;
        }
    }

    @Command(name = "undo", mixinStandardHelpOptions = true,
            description = "Undoes the newest applied version (Alembic's downgrade -1), or several; saves a copy of the database first.")
    static final class Undo implements Callable<Integer> {

        @Mixin
        Common common;

        @ArgGroup(exclusive = true)
        HowFar howFar;

        @Mixin
        DryRun dryRun;

        @ParentCommand
        BlogKitCli parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        static final class HowFar {
            @Option(names = "--steps", paramLabel = "N", description = "Undo the N newest versions (default 1).")
            Integer steps;

            @Option(names = "--to", paramLabel = "VERSION", description = "Undo every version above this one; 0 for the empty schema.")
            String to;
        }

        @Override
        public Integer call() {
            if (howFar != null && howFar.steps != null && howFar.steps < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--steps must be at least 1, was " + howFar.steps);
            }
            Migrations migrations = dryRun.applyTo(common.migrations());
            if (common.awaitsFirstScript(migrations)) {
                throw new dev.blogkit.migration.MigrationException("nothing to undo: " + Common.NO_SCRIPT_YET);
            }
            MigrationReport report;
            if (howFar != null && howFar.to != null) {
                report = migrations.undoTo(howFar.to);
            } else {
                report = migrations.undo(howFar == null || howFar.steps == null ? 1 : howFar.steps);
            }
            parent.print(report);
            return 0;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Lists every version with its state, and the current version.")
    static final class Info implements Callable<Integer> {

        @Mixin
        Common common;

        @ParentCommand
        BlogKitCli parent;

        @Override
        public Integer call() {
            Migrations migrations = common.migrations();
            if (common.awaitsFirstScript(migrations)) {
                PrintWriter out = parent.spec.commandLine().getOut();
                out.println(Common.NO_SCRIPT_YET);
                out.println("current version: " + Migrations.EMPTY + " (empty schema)");
                return 0;
            }
            List<VersionInfo> history = migrations.history();
            PrintWriter out = parent.spec.commandLine().getOut();
            int width = Math.max("description".length(),
                    history.stream().mapToInt(v -> v.description().length()).max().orElse(0));
            String row = "%-8s  %-" + width + "s  %-8s  %-20s  %s%n";
            out.printf(row, "version", "description", "state", "applied at", "undo");
            for (VersionInfo version : history) {
                out.printf(row, version.version(), version.description(), version.state().name().toLowerCase(),
                        version.appliedAt().map(APPLIED_AT::format).orElse(""), version.undoable() ? "yes" : "no");
            }
            out.println("current version: " + migrations.currentVersion().orElse(Migrations.EMPTY + " (empty schema)"));
            return 0;
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Checks that no version is pending, applied scripts are unchanged, every version can be undone "
                    + "and the entities match the schema; exits with 1 if not.")
    static final class Validate implements Callable<Integer> {

        @Mixin
        Common common;

        @ParentCommand
        BlogKitCli parent;

        @Override
        public Integer call() {
            Migrations migrations = common.migrations();
            if (common.awaitsFirstScript(migrations)) {
                // as check says it: the set is not wrong, it is to begin; what validate checks is not there yet
                return parent.verdict("", List.of("problem: " + Common.NO_SCRIPT_YET), null);
            }
            ValidationReport report = migrations.validate();
            return parent.verdict("valid: the database is at the newest version, its scripts are unchanged and the "
                    + "entities match it", report.problems().stream().map(problem -> "problem: " + problem).toList(), null);
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Compares the entities with the database and prints each difference (Alembic's check); exits "
                    + "with 1 if they differ, so that CI can gate on it.")
    static final class Check implements Callable<Integer> {

        @Mixin
        Common common;

        @ParentCommand
        BlogKitCli parent;

        @Override
        public Integer call() {
            SchemaCheck check = common.migrations().check();
            check.ignored().forEach(parent.spec.commandLine().getOut()::println);
            return parent.verdict("no differences: the entities match the database", check.differences(),
                    footer(check.differences()));
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Writes the next version's migration and its undo script from the difference between the "
                    + "entities and the database (Alembic's revision --autogenerate); review them before committing.")
    static final class Generate implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "MESSAGE", description = "What the version does, e.g. \"add user bio\".")
        String message;

        @Mixin
        Common common;

        @Option(names = "--dir", paramLabel = "DIR",
                description = "The folder that holds migration/<vendor> and undo/<vendor> (default: src/main/resources/db/blogkit, "
                        + "or the --migrations folder).")
        Path dir;

        @Option(names = "--allow-drop", description = "Write a version that drops a table or a column (loses data); "
                + "without it such a version is refused and nothing is written.")
        boolean allowDrop;

        @ParentCommand
        BlogKitCli parent;

        @Override
        public Integer call() {
            Migrations migrations = common.migrations();
            GeneratedMigration generated = dir == null ? migrations.generate(message, allowDrop)
                    : migrations.generate(message, dir, allowDrop);
            PrintWriter out = parent.spec.commandLine().getOut();
            generated.ignored().forEach(out::println);
            if (!generated.written()) {
                out.println("nothing to generate: the entities match the database");
                return 0;
            }
            generated.scripts().forEach(script -> out.println("wrote " + script));
            generated.changes().forEach(change -> out.println("  " + change));
            // what another database's script changes beyond the configured one's (a length, on PostgreSQL)
            generated.changesByDatabase().forEach((kind, changes) -> {
                if (!changes.equals(generated.changes())) {
                    out.println("  on " + kind.folder() + (changes.isEmpty() ? ": nothing changes" : ":"));
                    changes.forEach(change -> out.println("    " + change));
                }
            });
            generated.warnings().forEach(warning -> out.println("warning: " + warning));
            return 0;
        }
    }

    @Command(name = "stamp", mixinStandardHelpOptions = true,
            description = "Records that an existing database is already at VERSION, without running the migrations "
                    + "(Alembic's stamp, Flyway's baseline), after checking that its schema is that version's; "
                    + "0 records the empty schema.")
    static final class Stamp implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "VERSION", description = "The version the schema is at, or 0.")
        String version;

        @Mixin
        Common common;

        @Mixin
        DryRun dryRun;

        @ParentCommand
        BlogKitCli parent;

        @Override
        public Integer call() {
            parent.print(dryRun.applyTo(common.migrations()).stamp(version));
            return 0;
        }
    }

    /**
     * What check found, counted by kind: the schema's differences ({@code + }, {@code - }, {@code ~ }), the pending
     * versions, and the rest (a set still without scripts, versions apart between databases), which are no
     * difference between entities and database and are not counted as one.
     */
    static String footer(List<String> findings) {
        long schema = findings.stream().filter(f -> f.startsWith("+ ") || f.startsWith("- ") || f.startsWith("~ ")).count();
        long pending = findings.stream().filter(f -> f.startsWith("pending: ")).count();
        long other = findings.size() - schema - pending;
        List<String> parts = new java.util.ArrayList<>();
        parts.add(schema + " difference(s) between the entities and the database");
        if (pending > 0) {
            parts.add(pending + " version(s) pending");
        }
        if (other > 0) {
            parts.add(other + " other finding(s)");
        }
        return String.join(", ", parts);
    }

    /** Exit 0 with {@code ok} when there is nothing to report; else each line, then {@code footer} if any, and 1. */
    private int verdict(String ok, List<String> lines, String footer) {
        PrintWriter out = spec.commandLine().getOut();
        if (lines.isEmpty()) {
            out.println(ok);
            return 0;
        }
        lines.forEach(out::println);
        if (footer != null) {
            out.println(footer);
        }
        return FAILED;
    }

    private void print(MigrationReport report) {
        PrintWriter out = spec.commandLine().getOut();
        if (report.dryRun()) {
            out.println("-- " + report.summary());
            out.print(report.sql());
            out.flush();
        } else {
            out.println(report.summary());
            report.backupFile().ifPresent(backup -> out.println("copy of the database before the undo: " + backup));
        }
    }

    /** The version in the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = BlogKitCli.class.getPackage().getImplementationVersion();
            return new String[] {"BlogKit " + (version == null ? "(development build)" : version)};
        }
    }
}
