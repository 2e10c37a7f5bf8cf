package dev.blogkit.migration;

/**
 * A child process for {@link MigrationProcessesTest}: {@code MigrationProcess <jdbc url> <test set> migrate|undo}.
 * Prints {@code STARTED} right before it starts, and {@code SCRIPTS a,b} when done.
 */
public final class MigrationProcess {

    private MigrationProcess() {
    }

    public static void main(String[] args) {
        Migrations migrations = MigrationTesting.withTestVersions(args[0], args[1]);
        System.out.println("STARTED");
        System.out.flush();
        MigrationReport report = switch (args[2]) {
            case "migrate" -> migrations.migrate();
            case "undo" -> migrations.undo();
            default -> throw new IllegalArgumentException(args[2]);
        };
        System.out.println("SCRIPTS " + String.join(",", report.scripts()));
    }
}
