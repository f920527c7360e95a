# Deliberately broken: the if block is never closed.
function Test-Broken {
    param([string]$Name)
    if ($Name -eq 'x') {
        'x'
}
