using Linzi.Heritage.Storage.Sqlite;

namespace Linzi.Heritage.Server.Tests.Infrastructure;

/// <summary>
/// Makes a crash between a feed consumer's work and its checkpoint: the checkpoint is removed behind the store's back,
/// since through the store a checkpoint only moves forward.
/// </summary>
public static class FeedCheckpoints
{
    public static void Forget(DataFiles files, string consumer)
    {
        ArgumentNullException.ThrowIfNull(files);
        using var connection = files.State.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM feed_checkpoints WHERE consumer = $consumer";
        command.Parameters.AddWithValue("$consumer", consumer);
        command.ExecuteNonQuery();
    }
}
