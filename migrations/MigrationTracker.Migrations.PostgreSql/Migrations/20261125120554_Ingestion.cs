using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MigrationTracker.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Ingestion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FileAnalyses_BlobId_AnalyzerVersion",
                table: "FileAnalyses");

            migrationBuilder.AddColumn<string>(
                name: "DetailHash",
                table: "Snapshots",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TestCodeLines",
                table: "Snapshots",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "StatusDetail",
                table: "Repositories",
                type: "text",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Language",
                table: "FileAnalyses",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(40)",
                oldMaxLength: 40,
                oldNullable: true);

            migrationBuilder.CreateTable(
                name: "ApiKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Prefix = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SecretHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RepositoryId = table.Column<int>(type: "integer", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastUsedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RevokedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiKeys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApiKeys_Repositories_RepositoryId",
                        column: x => x.RepositoryId,
                        principalTable: "Repositories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "BackfillRuns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RepositoryId = table.Column<int>(type: "integer", nullable: false),
                    HeadCommit = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Since = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Granularity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Total = table.Column<int>(type: "integer", nullable: false),
                    Done = table.Column<int>(type: "integer", nullable: false),
                    CurrentCommitTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    JobId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BackfillRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BackfillRuns_Repositories_RepositoryId",
                        column: x => x.RepositoryId,
                        principalTable: "Repositories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SnapshotDetails",
                columns: table => new
                {
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Json = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SnapshotDetails", x => x.Hash);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Snapshots_DetailHash",
                table: "Snapshots",
                column: "DetailHash");

            migrationBuilder.CreateIndex(
                name: "IX_FileAnalyses_BlobId_Language_AnalyzerVersion",
                table: "FileAnalyses",
                columns: new[] { "BlobId", "Language", "AnalyzerVersion" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApiKeys_Name",
                table: "ApiKeys",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApiKeys_Prefix",
                table: "ApiKeys",
                column: "Prefix",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApiKeys_RepositoryId",
                table: "ApiKeys",
                column: "RepositoryId");

            migrationBuilder.CreateIndex(
                name: "IX_BackfillRuns_RepositoryId_CreatedAt",
                table: "BackfillRuns",
                columns: new[] { "RepositoryId", "CreatedAt" });

            migrationBuilder.AddForeignKey(
                name: "FK_Snapshots_SnapshotDetails_DetailHash",
                table: "Snapshots",
                column: "DetailHash",
                principalTable: "SnapshotDetails",
                principalColumn: "Hash",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Snapshots_SnapshotDetails_DetailHash",
                table: "Snapshots");

            migrationBuilder.DropTable(
                name: "ApiKeys");

            migrationBuilder.DropTable(
                name: "BackfillRuns");

            migrationBuilder.DropTable(
                name: "SnapshotDetails");

            migrationBuilder.DropIndex(
                name: "IX_Snapshots_DetailHash",
                table: "Snapshots");

            migrationBuilder.DropIndex(
                name: "IX_FileAnalyses_BlobId_Language_AnalyzerVersion",
                table: "FileAnalyses");

            migrationBuilder.DropColumn(
                name: "DetailHash",
                table: "Snapshots");

            migrationBuilder.DropColumn(
                name: "TestCodeLines",
                table: "Snapshots");

            migrationBuilder.DropColumn(
                name: "StatusDetail",
                table: "Repositories");

            migrationBuilder.AlterColumn<string>(
                name: "Language",
                table: "FileAnalyses",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(40)",
                oldMaxLength: 40);

            migrationBuilder.CreateIndex(
                name: "IX_FileAnalyses_BlobId_AnalyzerVersion",
                table: "FileAnalyses",
                columns: new[] { "BlobId", "AnalyzerVersion" },
                unique: true);
        }
    }
}
