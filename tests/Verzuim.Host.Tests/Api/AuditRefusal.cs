using Npgsql;

namespace Verzuim.Host.Tests.Api;

/// <summary>
/// Makes the PostgreSQL database refuse the audit entries of some actions (a trigger; other entries, such as reads,
/// still go in), to show a change commits with its entry or not at all. No actions: entries are accepted again.
/// </summary>
public static class AuditRefusal
{
    public static async Task RefuseAsync(string connectionString, params string[] actions)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        var sql = actions.Length > 0
            ? $$"""
              CREATE OR REPLACE FUNCTION refuse_audit() RETURNS trigger AS $$
              BEGIN
                IF NEW."Action" IN ({{string.Join(", ", actions.Select(a => $"'{a}'"))}}) THEN RAISE EXCEPTION 'audit entry refused by the test'; END IF;
                RETURN NEW;
              END $$ LANGUAGE plpgsql;
              DROP TRIGGER IF EXISTS refuse_audit ON audit_log;
              CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_audit();
              """
            : "DROP TRIGGER IF EXISTS refuse_audit ON audit_log;";
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync();
    }
}
