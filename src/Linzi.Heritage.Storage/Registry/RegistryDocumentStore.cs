using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Storage.Relational;

namespace Linzi.Heritage.Storage.Registry;

/// <summary>
/// Persists the registry as one JSON document per entity (geometry as WKT), plus hashed device secrets, in SQL that
/// SQLite and PostgreSQL both run: the engines (<see cref="SqliteRegistryStore"/>, <see cref="PostgresRegistryStore"/>)
/// only open connections and own the schema. Thread-safe.
/// </summary>
/// <remarks>
/// Schema: <c>registry(kind, id, body)</c> with the primary key (kind, id), and
/// <c>device_credentials(device_id, secret_hash, previous_hash, previous_valid_until)</c>, all text.
/// </remarks>
public abstract class RegistryDocumentStore : IRegistryStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Opens a connection to the store's database.</summary>
    protected abstract DbConnection Open();

    /// <summary>True when nothing has been stored yet.</summary>
    public bool IsEmpty()
    {
        using var connection = Open();
        using var command = Sql.Command(connection, "SELECT COUNT(*) FROM registry");
        return (long)command.ExecuteScalar()! == 0;
    }

    /// <summary>Loads the whole registry.</summary>
    public RegistryData Load()
    {
        using var connection = Open();
        return new RegistryData(
            [.. Read<Site>(connection, "site")],
            [.. Read<ZoneRow>(connection, "zone").Select(z => new Zone(z.Id, z.SiteId, z.Kind, z.Name, Wkt.Parse(z.Wkt)))],
            [.. Read<CellRow>(connection, "cell").Select(c => c.ToCell())],
            [.. Read<Device>(connection, "device")],
            [.. Read<RuleDefinition>(connection, "rule").Select(ToRule)]);
    }

    /// <summary>Stores a whole registry (the demo seed) in one transaction; device secrets by device id.</summary>
    public void Save(RegistryData data, IReadOnlyDictionary<string, string> deviceSecretHashes)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(deviceSecretHashes);
        Apply(new RegistryChange
        {
            Sites = data.Sites,
            Zones = data.Zones,
            Cells = data.Cells,
            Devices = data.Devices,
            Rules = data.Rules,
            Credentials = [.. data.Devices.Where(d => deviceSecretHashes.ContainsKey(d.Id)).Select(d => new DeviceCredential(d.Id, deviceSecretHashes[d.Id]))],
        });
    }

    /// <summary>Stores a batch of changes in one transaction: deletions first, then insertions and replacements.</summary>
    public void Apply(RegistryChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        Delete(connection, "site", change.DeletedSites);
        Delete(connection, "zone", change.DeletedZones);
        Delete(connection, "cell", change.DeletedCells);
        Delete(connection, "device", change.DeletedDevices);
        Delete(connection, "rule", change.DeletedRules);
        foreach (var id in change.DeletedDevices)
        {
            using var command = Sql.Command(connection, "DELETE FROM device_credentials WHERE device_id = @p0", id);
            command.ExecuteNonQuery();
        }

        foreach (var site in change.Sites)
        {
            Upsert(connection, "site", site.Id, site);
        }

        foreach (var zone in change.Zones)
        {
            Upsert(connection, "zone", zone.Id, new ZoneRow(zone.Id, zone.SiteId, zone.Kind, zone.Name, Wkt.Write(zone.Area)));
        }

        foreach (var cell in change.Cells)
        {
            Upsert(connection, "cell", cell.Id, CellRow.From(cell));
        }

        foreach (var device in change.Devices)
        {
            Upsert(connection, "device", device.Id, device);
        }

        foreach (var rule in change.Rules)
        {
            Upsert(connection, "rule", rule.Id, RuleDefinitionMapper.ToDefinition(rule));
        }

        foreach (var credential in change.Credentials)
        {
            SaveCredential(connection, credential);
        }

        transaction.Commit();
    }

    /// <summary>Adds a device with its secret hash; false when the id is taken.</summary>
    public bool TryAddDevice(Device device, string secretHash)
    {
        ArgumentNullException.ThrowIfNull(device);
        using var connection = Open();
        using var transaction = connection.BeginTransaction();

        // Insert-or-nothing rather than look-then-insert: two adds of one id at once on PostgreSQL (read committed) would
        // both find nothing, and the second would replace the first device and its secret.
        using var insert = Sql.Command(
            connection,
            "INSERT INTO registry(kind, id, body) VALUES ('device', @p0, @p1) ON CONFLICT(kind, id) DO NOTHING",
            device.Id, JsonSerializer.Serialize(device, Json));
        if (insert.ExecuteNonQuery() == 0)
        {
            return false;
        }

        SaveCredential(connection, new DeviceCredential(device.Id, secretHash));
        transaction.Commit();
        return true;
    }

    /// <summary>The stored credential of a device, or null.</summary>
    public DeviceCredential? GetCredential(string deviceId)
    {
        using var connection = Open();
        using var command = Sql.Command(
            connection, "SELECT secret_hash, previous_hash, previous_valid_until FROM device_credentials WHERE device_id = @p0", deviceId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new DeviceCredential(
            deviceId,
            reader.GetString(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.IsDBNull(2) ? null : DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
    }

    /// <summary>Inserts or replaces a rule.</summary>
    public void SaveRule(Rule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        using var connection = Open();
        Upsert(connection, "rule", rule.Id, RuleDefinitionMapper.ToDefinition(rule));
    }

    /// <summary>Deletes a rule; false when there was none.</summary>
    public bool DeleteRule(string id)
    {
        using var connection = Open();
        using var command = Sql.Command(connection, "DELETE FROM registry WHERE kind = 'rule' AND id = @p0", id);
        return command.ExecuteNonQuery() > 0;
    }

    // Stored rules were validated when saved; their own site ids stand in as "known" so a since-removed site does not
    // stop the registry from loading.
    private static Rule ToRule(RuleDefinition definition) =>
        RuleDefinitionMapper.TryMap(definition, RegistryNames.Unchecked, out var errors)
        ?? throw new InvalidDataException($"Stored rule {definition.Id} is invalid: {string.Join("; ", errors.Keys)}");

    private static void Upsert<T>(DbConnection connection, string kind, string id, T body)
    {
        using var command = Sql.Command(
            connection,
            "INSERT INTO registry(kind, id, body) VALUES (@p0, @p1, @p2) ON CONFLICT(kind, id) DO UPDATE SET body = excluded.body",
            kind, id, JsonSerializer.Serialize(body, Json));
        command.ExecuteNonQuery();
    }

    private static void SaveCredential(DbConnection connection, DeviceCredential credential)
    {
        using var command = Sql.Command(
            connection,
            """
            INSERT INTO device_credentials(device_id, secret_hash, previous_hash, previous_valid_until) VALUES (@p0, @p1, @p2, @p3)
            ON CONFLICT(device_id) DO UPDATE SET
                secret_hash = excluded.secret_hash, previous_hash = excluded.previous_hash, previous_valid_until = excluded.previous_valid_until
            """,
            credential.DeviceId, credential.SecretHash, credential.PreviousSecretHash,
            credential.PreviousValidUntil?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
    }

    private static void Delete(DbConnection connection, string kind, IReadOnlyList<string> ids)
    {
        foreach (var id in ids)
        {
            using var command = Sql.Command(connection, "DELETE FROM registry WHERE kind = @p0 AND id = @p1", kind, id);
            command.ExecuteNonQuery();
        }
    }

    private static List<T> Read<T>(DbConnection connection, string kind)
    {
        using var command = Sql.Command(connection, "SELECT body FROM registry WHERE kind = @p0 ORDER BY id", kind);
        using var reader = command.ExecuteReader();
        var items = new List<T>();
        while (reader.Read())
        {
            items.Add(JsonSerializer.Deserialize<T>(reader.GetString(0), Json)!);
        }

        return items;
    }

    private sealed record ZoneRow(string Id, string SiteId, ZoneKind Kind, string Name, string Wkt);

    private sealed record CellRow(string Id, string Name, string Wkt, string Inspector, string VillageChief, string TownshipChief, string DistrictChief, string RiskLevel)
    {
        public static CellRow From(GridCell c) =>
            new(c.Id, c.Name, Domain.Geofencing.Wkt.Write(c.Area), c.Inspector, c.VillageChief, c.TownshipChief, c.DistrictChief, c.RiskLevel);

        public GridCell ToCell() =>
            new(Id, Name, Domain.Geofencing.Wkt.Parse(Wkt), Inspector, VillageChief, TownshipChief, DistrictChief, RiskLevel);
    }
}
