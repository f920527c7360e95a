using System.IO;
using System.Text.Json.Nodes;

namespace OctopusUpgrade.Sandbox;

/// <summary>
/// The <c>/api</c> root. Each era's document is a recorded root (Api/Roots): 2.x the 2013 API docs example (no 2.6
/// recording exists: UNCONFIRMED), 3.x the 3.12.1 server plus the one link 3.3.0 had besides, 2019 the 2019.7.12 server,
/// and 2020+ the same with the links the 2022.1 example adds. The version, installation id and default space are filled in.
/// </summary>
internal static class RootDocument
{
    public static JsonObject For(Estate estate)
    {
        var era = estate.Version switch
        {
            { IsLegacy2x: true } => "era-2x",
            { HasSpaces: false } => "era-3x",
            var v when v.Major < 2020 => "era-2019",
            _ => "era-modern",
        };
        using var stream = typeof(RootDocument).Assembly.GetManifestResourceStream("Roots." + era + ".json")
            ?? throw new InvalidDataException("Missing root template " + era);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd().Replace("/api/Spaces-1/", "/api/" + estate.DefaultSpaceId + "/", System.StringComparison.Ordinal);
        var root = JsonNode.Parse(text)!.AsObject();
        root["Version"] = estate.Version.Text;
        if (root.ContainsKey("InstallationId"))
        {
            root["InstallationId"] = estate.InstallationId;
        }

        return root;
    }
}
