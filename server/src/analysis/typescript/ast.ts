// The syntax-tree vocabulary the rules use. Re-exported from here so that only this folder
// imports TypeScript 7's unstable API (an API change touches one place).
export { SyntaxKind, ModifierFlags } from "typescript/unstable/ast";
export { SymbolFlags, TypeFlags, ObjectFlags, SignatureKind } from "typescript/unstable/sync";
export type {
  Node, SourceFile, NodeArray, Expression, Identifier, CallExpression, NewExpression,
  PropertyAccessExpression, ElementAccessExpression, ImportDeclaration, ImportEqualsDeclaration,
  VariableDeclaration, FunctionDeclaration, ArrowFunction, FunctionExpression, MethodDeclaration,
  ParameterDeclaration, Block, ExpressionStatement, StringLiteral, BindingElement,
  ObjectBindingPattern, NamedImports, NamespaceImport, ImportClause, ObjectLiteralExpression,
  PropertyAssignment, ShorthandPropertyAssignment, BinaryExpression, ConditionalExpression,
  AwaitExpression, VoidExpression, ReturnStatement, ForOfStatement, ForStatement, ForInStatement,
  WhileStatement, DoStatement, ArrayLiteralExpression, ParenthesizedExpression, SpreadElement,
  ExternalModuleReference, AsExpression, NonNullExpression, TypeAssertion, SatisfiesExpression,
} from "typescript/unstable/ast";
export type { Type, Symbol as TsSymbol, Signature, Project, Checker, Program } from "typescript/unstable/sync";
