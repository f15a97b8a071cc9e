namespace Linzi.Heritage.Domain.Works;

/// <summary>Port: approved-works permits and maintenance windows, with what each suppressed. Thread-safe.</summary>
public interface IWorksStore
{
    /// <summary>Loads every permit and window.</summary>
    WorksRegistry Load();

    /// <summary>Stores a permit (insert or replace).</summary>
    void Save(Permit permit);

    /// <summary>Stores a maintenance window (insert or replace).</summary>
    void Save(MaintenanceWindow window);

    /// <summary>Stores a drill window (insert or replace).</summary>
    void SaveDrill(MaintenanceWindow drill);

    /// <summary>Deletes a drill window; false when there was none.</summary>
    bool DeleteDrill(string id);

    /// <summary>Deletes a permit; false when there was none. A window with the same id is not touched.</summary>
    bool DeletePermit(string id);

    /// <summary>Deletes a maintenance window; false when there was none. A permit with the same id is not touched.</summary>
    bool DeleteMaintenance(string id);

    /// <summary>Adds suppression counts, in one transaction.</summary>
    void AddHits(IReadOnlyDictionary<string, (long Count, DateTimeOffset Last)> hits);

    /// <summary>How many alerts an entry suppressed, and the latest.</summary>
    (long Count, DateTimeOffset? Last) Hits(string id);
}
