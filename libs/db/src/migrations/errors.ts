/** Base class so callers (scripts, tests) can tell migration problems from programming errors. */
export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The schema engine rejected a command; `engineMessage` is its own explanation. */
export class SchemaEngineError extends MigrationError {
  constructor(
    readonly command: string,
    readonly engineMessage: string,
    options?: { cause?: unknown },
  ) {
    super(`schema engine ${command} failed: ${engineMessage}`, options);
  }
}

/** `createMigration` was asked for a migration but schema.prisma adds nothing. */
export class NothingToMigrateError extends MigrationError {
  constructor() {
    super('prisma/schema.prisma and prisma/migrations already agree: there is nothing to migrate.');
  }
}

export class InvalidMigrationNameError extends MigrationError {
  constructor(readonly migrationName: string) {
    super(
      `invalid migration name "${migrationName}": use lowercase letters, digits and underscores ([a-z0-9_]+).`,
    );
  }
}
