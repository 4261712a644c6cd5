terraform {
  required_version = ">= 1.8"

  required_providers {
    stsguard = {
      source = "stsguard/stsguard"
    }
  }
}

# The provider takes no arguments: it works offline, with no AWS credentials.
provider "stsguard" {}
