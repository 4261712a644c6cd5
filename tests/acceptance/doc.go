// Package acceptance holds the stsguard acceptance tests: they drive the
// real terraform binary (TF_ACC_TERRAFORM_PATH) against the provider served
// in process, so every data source and function is proven in the CLI users
// run, not only through the framework's Go API.
//
// Run them with `make testacc` (or `make test`), which finds or installs a
// Terraform >= 1.8 and sets TF_ACC=1 and TF_ACC_TERRAFORM_PATH. Without those
// variables the package fails on purpose instead of skipping.
package acceptance
