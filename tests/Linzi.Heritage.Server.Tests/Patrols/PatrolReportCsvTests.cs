using System.Text;
using Linzi.Heritage.Domain.Patrols;
using Linzi.Heritage.Server.Patrols;

namespace Linzi.Heritage.Server.Tests.Patrols;

public sealed class PatrolReportCsvTests
{
    [Fact]
    public void Values_AreQuotedWhereNeeded_AndFormulasAreDefused()
    {
        var at = new DateTimeOffset(2026, 11, 27, 18, 0, 0, TimeSpan.FromHours(8));
        var row = new PatrolReportRow("c1", "=HYPERLINK(\"http://x\",\"点我\")", "insp, 1", "P1D 08:00–18:00", 2, 3, [at], at, 1, 1, 0);
        var report = new PatrolReport(at.AddDays(-7), at, null, [row]);

        var bytes = PatrolReportCsv.Render(report);

        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal(
            "c1,\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\",\"insp, 1\",P1D 08:00–18:00,2,2026-11-27T18:00:00+08:00,3,1,2026-11-27T18:00:00+08:00,0.667,1,1,0",
            lines[1]);
    }
}
