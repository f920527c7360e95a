using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace OctopusUpgrade.Module.Tests.Contract
{
    /// <summary>
    /// Reads a cmdlet assembly's metadata (never executing it) with its manifest and help sources, and lists every
    /// broken rule. This is how the module's PowerShell surface is verified on machines without PowerShell.
    /// </summary>
    public static class ModuleContract
    {
        private const string AllSets = "__AllParameterSets";
        private const string Automation = "System.Management.Automation";
        private const string SessionParameter = "Session";

        /// <summary>Verbs that only read, so their cmdlets need no ShouldProcess.</summary>
        private static readonly HashSet<string> ReadOnlyVerbs = new(StringComparer.OrdinalIgnoreCase)
        {
            "Get", "Test", "Find", "Measure", "Resolve", "Compare", "Search", "Show", "Wait", "Watch", "Select", "Trace", "Read",
        };

        /// <summary>Verbs whose effect cannot be taken back by the module: restore, data removal, service stop.</summary>
        private static readonly HashSet<string> HighImpactVerbs = new(StringComparer.OrdinalIgnoreCase) { "Restore", "Remove", "Stop", "Uninstall", "Clear" };

        private static readonly HashSet<string> HighImpactCmdlets = new(StringComparer.OrdinalIgnoreCase) { "Update-OctopusDatabase" };

        private static readonly HashSet<string> SessionFreeCmdlets = new(StringComparer.OrdinalIgnoreCase) { "New-OctopusUpgradeSession" };

        private static readonly string RuntimeFolder = RuntimeEnvironment.GetRuntimeDirectory();

        public static IReadOnlyList<ContractViolation> Check(ModuleUnderTest module)
        {
            using var context = CreateContext(module);
            var assembly = context.LoadFromAssemblyPath(module.AssemblyPath);
            var automation = context.LoadFromAssemblyName(Automation);
            var approvedVerbs = ApprovedVerbs(automation);
            var violations = new List<ContractViolation>();

            var cmdlets = FindCmdlets(assembly);

            CheckManifest(module.ManifestPath, cmdlets.Select(c => c.Name).ToList(), violations);
            foreach (var cmdlet in cmdlets)
            {
                CheckCmdlet(cmdlet, approvedVerbs, violations);
                CheckHelp(cmdlet, module.DocsFolder, violations);
            }

            CheckTypeBoundaries(assembly, violations);
            return violations;
        }

        /// <summary>The cmdlets the module's assembly declares, as plain data, for checks kept elsewhere (such as the compiled help's).</summary>
        public static IReadOnlyList<CmdletSurface> ReadCmdlets(ModuleUnderTest module)
        {
            using var context = CreateContext(module);
            return FindCmdlets(context.LoadFromAssemblyPath(module.AssemblyPath))
                .Select(c => new CmdletSurface(c.Name, c.SupportsShouldProcess, c.Parameters))
                .ToList();
        }

        private static List<CmdletInfo> FindCmdlets(Assembly assembly) =>
            assembly.GetTypes()
                .Select(t => (Type: t, Attribute: t.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == Automation + ".CmdletAttribute")))
                .Where(c => c.Attribute is not null && !c.Type.IsAbstract)
                .Select(c => new CmdletInfo(c.Type, c.Attribute!))
                .ToList();

        private static MetadataLoadContext CreateContext(ModuleUnderTest module)
        {
            // First found wins: the module's own files, then the BCL, then the PowerShell reference assembly.
            var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var folders = new List<string> { Path.GetDirectoryName(module.AssemblyPath)! };
            folders.AddRange(module.DependencyFolders);
            foreach (var file in folders.SelectMany(f => Directory.GetFiles(f, "*.dll")).Where(f => !Path.GetFileName(f).StartsWith("System.", StringComparison.OrdinalIgnoreCase)))
            {
                byName.TryAdd(Path.GetFileName(file), file);
            }

            foreach (var file in Directory.GetFiles(RuntimeFolder, "*.dll"))
            {
                byName.TryAdd(Path.GetFileName(file), file);
            }

            byName[Automation + ".dll"] = Path.Combine(AppContext.BaseDirectory, "reference", Automation + ".dll");
            return new MetadataLoadContext(new PathAssemblyResolver(byName.Values));
        }

        private static HashSet<string> ApprovedVerbs(Assembly automation)
        {
            var groups = new[] { "VerbsCommon", "VerbsCommunications", "VerbsData", "VerbsDiagnostic", "VerbsLifecycle", "VerbsOther", "VerbsSecurity" };
            return new HashSet<string>(
                groups.SelectMany(g => automation.GetType(Automation + "." + g, throwOnError: true)!.GetFields(BindingFlags.Public | BindingFlags.Static))
                    .Where(f => f.IsLiteral)
                    .Select(f => (string)f.GetRawConstantValue()!),
                StringComparer.OrdinalIgnoreCase);
        }

        private static void CheckManifest(string manifestPath, IReadOnlyList<string> cmdletNames, List<ContractViolation> violations)
        {
            var text = File.ReadAllText(manifestPath);
            foreach (var key in new[] { "CmdletsToExport", "FunctionsToExport", "AliasesToExport", "VariablesToExport" })
            {
                var value = ManifestValue(text, key);
                if (value is null || value.Contains('*'))
                {
                    violations.Add(new ContractViolation(ContractRule.WildcardExport, key, value is null ? "not listed: PowerShell then exports everything" : "uses a wildcard"));
                }
            }

            var exported = Regex.Matches(ManifestValue(text, "CmdletsToExport") ?? string.Empty, "'([^']*)'|\"([^\"]*)\"")
                .Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            violations.AddRange(cmdletNames.Where(n => !exported.Contains(n)).Select(n => new ContractViolation(ContractRule.ManifestMissingCmdlet, n, "is a cmdlet class but not in CmdletsToExport")));
            violations.AddRange(exported.Where(n => !cmdletNames.Contains(n, StringComparer.OrdinalIgnoreCase)).Select(n => new ContractViolation(ContractRule.ManifestExtraCmdlet, n, "is in CmdletsToExport but no class implements it")));
        }

        /// <summary>The text of a manifest key's value: an @( … ) list or a single quoted string.</summary>
        private static string? ManifestValue(string manifest, string key)
        {
            var match = Regex.Match(manifest, $@"(?im)^\s*{key}\s*=\s*(@\((?<list>[^)]*)\)|(?<single>'[^']*'|""[^""]*""))");
            return !match.Success ? null : match.Groups["list"].Success ? match.Groups["list"].Value : match.Groups["single"].Value;
        }

        private static void CheckCmdlet(CmdletInfo cmdlet, HashSet<string> approvedVerbs, List<ContractViolation> violations)
        {
            void Add(ContractRule rule, string detail) => violations.Add(new ContractViolation(rule, cmdlet.Name, detail));

            if (!approvedVerbs.Contains(cmdlet.Verb))
            {
                Add(ContractRule.UnapprovedVerb, $"'{cmdlet.Verb}' is not an approved verb");
            }

            if (!ReadOnlyVerbs.Contains(cmdlet.Verb) && !cmdlet.SupportsShouldProcess)
            {
                Add(ContractRule.MissingShouldProcess, $"'{cmdlet.Verb}' changes state but SupportsShouldProcess is off");
            }

            if ((HighImpactVerbs.Contains(cmdlet.Verb) || HighImpactCmdlets.Contains(cmdlet.Name)) && cmdlet.ConfirmImpact != 3)
            {
                Add(ContractRule.ConfirmImpactNotHigh, "restores, upgrades a database, stops a service or removes data, so ConfirmImpact must be High");
            }

            if (!cmdlet.Type.GetCustomAttributesData().Any(a => a.AttributeType.FullName == Automation + ".OutputTypeAttribute"))
            {
                Add(ContractRule.MissingOutputType, "declares no [OutputType]");
            }

            if (!SessionFreeCmdlets.Contains(cmdlet.Name))
            {
                var session = cmdlet.Parameters.Where(p => p.Name == SessionParameter).ToList();
                if (session.Count == 0 || !session.All(p => p.ByValue && p.ByPropertyName))
                {
                    Add(ContractRule.SessionNotPipelineBound, "-Session must bind from the pipeline by value and by property name");
                }
            }

            var namedSets = cmdlet.Parameters.Select(p => p.Set).Where(s => s != AllSets).Distinct().ToList();
            foreach (var set in namedSets.Count == 0 ? new List<string> { AllSets } : namedSets)
            {
                foreach (var clash in cmdlet.Parameters.Where(p => p.Position >= 0 && (p.Set == set || p.Set == AllSets)).GroupBy(p => p.Position).Where(g => g.Count() > 1))
                {
                    Add(ContractRule.DuplicatePosition, $"position {clash.Key} in set '{set}' is taken by {string.Join(", ", clash.Select(p => "-" + p.Name))}");
                }
            }
        }

        private static void CheckHelp(CmdletInfo cmdlet, string docsFolder, List<ContractViolation> violations)
        {
            var path = Path.Combine(docsFolder, cmdlet.Name + ".md");
            var text = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n") : string.Empty;
            if (string.IsNullOrWhiteSpace(Section(text, "## SYNOPSIS")))
            {
                violations.Add(new ContractViolation(ContractRule.MissingSynopsis, cmdlet.Name, $"{path} has no synopsis"));
            }

            var names = cmdlet.Parameters.Select(p => p.Name).Distinct().ToList();
            if (cmdlet.SupportsShouldProcess)
            {
                names.AddRange(new[] { "WhatIf", "Confirm" });
            }

            foreach (var name in names)
            {
                var section = Section(text, "### -" + name);
                var prose = section is null ? string.Empty : section.Split(new[] { "```" }, StringSplitOptions.None)[0];
                if (string.IsNullOrWhiteSpace(prose))
                {
                    violations.Add(new ContractViolation(ContractRule.MissingParameterHelp, cmdlet.Name, $"-{name} has no help text in {path}"));
                }
            }
        }

        /// <summary>The text under a heading, up to the next heading of any level.</summary>
        internal static string? Section(string markdown, string heading)
        {
            var match = Regex.Match(markdown, "(?m)^" + Regex.Escape(heading) + @"[ \t]*\n(?<body>(?:(?!#{1,3} ).*\n?)*)");
            return match.Success ? match.Groups["body"].Value : null;
        }

        /// <summary>
        /// No public signature may name a type outside the BCL, PowerShell and the module itself (PowerShell resolves
        /// those while importing, before the private load context is hooked); and no type at all may derive from or
        /// implement such a type, since loading the assembly's types would then need the dependency.
        /// </summary>
        private static void CheckTypeBoundaries(Assembly assembly, List<ContractViolation> violations)
        {
            bool Allowed(Type type) => IsAllowedAssembly(type.Assembly, assembly);

            foreach (var type in assembly.GetTypes())
            {
                var hierarchy = new[] { type.BaseType }.Concat(type.GetInterfaces()).Where(t => t is not null).Cast<Type>();
                foreach (var outsider in hierarchy.SelectMany(Expand).Where(t => !Allowed(t)).Distinct())
                {
                    violations.Add(new ContractViolation(ContractRule.ThirdPartyTypeInHierarchy, type.FullName!, $"derives from or implements {outsider.FullName} ({outsider.Assembly.GetName().Name})"));
                }

                if (!type.IsVisible)
                {
                    continue;
                }

                foreach (var (member, used) in PublicSignatureTypes(type))
                {
                    foreach (var outsider in Expand(used).Where(t => !Allowed(t)).Distinct())
                    {
                        violations.Add(new ContractViolation(ContractRule.ThirdPartyTypeInSignature, $"{type.FullName}.{member}", $"exposes {outsider.FullName} ({outsider.Assembly.GetName().Name})"));
                    }
                }
            }
        }

        private static bool IsAllowedAssembly(Assembly candidate, Assembly module)
        {
            var name = candidate.GetName().Name;
            return candidate == module
                || name == Automation
                || File.Exists(Path.Combine(RuntimeFolder, name + ".dll"));
        }

        private static IEnumerable<(string Member, Type Type)> PublicSignatureTypes(Type type)
        {
            const BindingFlags declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            static bool Visible(MethodBase? m) => m is not null && (m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly);

            foreach (var field in type.GetFields(declared).Where(f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly))
            {
                yield return (field.Name, field.FieldType);
            }

            foreach (var property in type.GetProperties(declared).Where(p => Visible(p.GetMethod) || Visible(p.SetMethod)))
            {
                yield return (property.Name, property.PropertyType);
            }

            foreach (var method in type.GetMethods(declared).Where(Visible).Cast<MethodBase>().Concat(type.GetConstructors(declared).Where(Visible)))
            {
                if (method is MethodInfo info)
                {
                    yield return (method.Name, info.ReturnType);
                }

                foreach (var parameter in method.GetParameters())
                {
                    yield return (method.Name, parameter.ParameterType);
                }
            }
        }

        private static IEnumerable<Type> Expand(Type type)
        {
            if (type.HasElementType)
            {
                foreach (var inner in Expand(type.GetElementType()!))
                {
                    yield return inner;
                }

                yield break;
            }

            if (type.IsGenericParameter)
            {
                yield break;
            }

            yield return type.IsGenericType ? type.GetGenericTypeDefinition() : type;
            foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : Type.EmptyTypes)
            {
                foreach (var inner in Expand(argument))
                {
                    yield return inner;
                }
            }
        }

        private sealed class CmdletInfo
        {
            public CmdletInfo(Type type, CustomAttributeData attribute)
            {
                Type = type;
                Verb = (string)attribute.ConstructorArguments[0].Value!;
                Name = Verb + "-" + (string)attribute.ConstructorArguments[1].Value!;
                SupportsShouldProcess = Named(attribute, "SupportsShouldProcess") is true;
                ConfirmImpact = Named(attribute, "ConfirmImpact") is int impact ? impact : 2;
                Parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .SelectMany(p => p.GetCustomAttributesData()
                        .Where(a => a.AttributeType.FullName == Automation + ".ParameterAttribute")
                        .Select(a => new CmdletParameter(
                            p.Name,
                            Named(a, "ParameterSetName") as string ?? AllSets,
                            Named(a, "Position") is int position ? position : int.MinValue,
                            Named(a, "Mandatory") is true,
                            Named(a, "ValueFromPipeline") is true,
                            Named(a, "ValueFromPipelineByPropertyName") is true,
                            Aliases(p))))
                    .ToList();
            }

            public Type Type { get; }

            public string Verb { get; }

            public string Name { get; }

            public bool SupportsShouldProcess { get; }

            /// <summary>0 None, 1 Low, 2 Medium (the default), 3 High.</summary>
            public int ConfirmImpact { get; }

            public IReadOnlyList<CmdletParameter> Parameters { get; }

            private static object? Named(CustomAttributeData attribute, string name) =>
                attribute.NamedArguments.Where(a => a.MemberName == name).Select(a => a.TypedValue.Value).FirstOrDefault();

            /// <summary>The names of the property's [Alias(...)], whose one constructor argument is a params string[].</summary>
            private static IReadOnlyList<string> Aliases(PropertyInfo property) =>
                property.GetCustomAttributesData()
                    .Where(a => a.AttributeType.FullName == Automation + ".AliasAttribute")
                    .SelectMany(a => (IEnumerable<CustomAttributeTypedArgument>)a.ConstructorArguments[0].Value!)
                    .Select(v => (string)v.Value!)
                    .ToList();
        }
    }
}
