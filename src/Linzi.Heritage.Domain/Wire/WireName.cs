using System.Collections.Frozen;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Linzi.Heritage.Domain.Wire;

/// <summary>
/// The one mechanism for enum wire names: each member carries a <see cref="WireNameAttribute"/>, and this class reads
/// them once per enum into lookup tables. Thread-safe; the tables are immutable once built. Both directions are hot
/// (alert mapping, store reads, Influx tags), so naming is an array index and parsing a frozen-dictionary lookup.
/// </summary>
public static class WireName
{
    /// <summary>The wire name of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a named member.</exception>
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        // Table<TEnum> checked that TEnum's underlying type is int, so this reinterpretation is exact.
        var index = Unsafe.As<TEnum, int>(ref value);
        var names = Table<TEnum>.ByValue;
        return (uint)index < (uint)names.Length && names[index] is { } name
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(TEnum).Name} has no wire name for this value.");
    }

    /// <summary>Parses a wire name (ordinal, case-sensitive, as the contract is); false for anything else.</summary>
    public static bool TryParse<TEnum>(string? name, out TEnum value)
        where TEnum : struct, Enum
    {
        if (name is not null && Table<TEnum>.ByName.TryGetValue(name, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Every wire name of the enum, in the order of the members' values.</summary>
    public static IReadOnlyList<string> All<TEnum>()
        where TEnum : struct, Enum => Table<TEnum>.Names;

    // Built on first use of each enum. A member without [WireName], a repeated name or a value that cannot index
    // an array makes that first use throw TypeInitializationException; WireNameTests touches every enum we have.
    private static class Table<TEnum>
        where TEnum : struct, Enum
    {
        private const int MaxValue = 255;

        public static readonly IReadOnlyList<string> Names;
        public static readonly string?[] ByValue;
        public static readonly FrozenDictionary<string, TEnum> ByName;

        static Table()
        {
            var type = typeof(TEnum);
            if (Enum.GetUnderlyingType(type) != typeof(int))
            {
                throw new InvalidOperationException($"{type.Name}: wire-named enums must be int-based.");
            }

            var members = Enum.GetValues<TEnum>().Select(value =>
            {
                var field = type.GetField(Enum.GetName(value)!, BindingFlags.Public | BindingFlags.Static)!;
                var name = field.GetCustomAttribute<WireNameAttribute>()?.Name
                    ?? throw new InvalidOperationException($"{type.Name}.{field.Name} has no [WireName].");
                var index = Unsafe.As<TEnum, int>(ref value);
                return index is < 0 or > MaxValue
                    ? throw new InvalidOperationException($"{type.Name}.{field.Name} = {index}: wire-named values must be 0 to {MaxValue}.")
                    : (Index: index, Value: value, Name: name);
            }).ToList();

            ByValue = new string?[members.Max(m => m.Index) + 1];
            foreach (var member in members)
            {
                ByValue[member.Index] = member.Name;
            }

            Names = [.. members.Select(m => m.Name)];
            ByName = members.ToFrozenDictionary(m => m.Name, m => m.Value, StringComparer.Ordinal); // throws on a repeated name
        }
    }
}
