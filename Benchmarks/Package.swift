// swift-tools-version: 6.1
// The benchmark harness: a package of its own, so the main package's `swift build` and
// `swift test` (and CI) never compile it. Run it through `tools/bench`.
import PackageDescription

let package = Package(
    name: "invites-benchmarks",
    dependencies: [
        .package(name: "invites", path: ".."),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .executableTarget(
            name: "InvitesBench",
            dependencies: [
                .product(name: "Ledger", package: "invites"),
                .product(name: "LMDB", package: "invites"),
                .product(name: "Projections", package: "invites"),
                "CSQLite",
            ]
        ),
    ],
    swiftLanguageModes: [.v5]
)
